-- Where the periodic comparison of Redis's seat locks with PostgreSQL's claims stands for each on-sale performance:
-- the next seat to compare (an index into the layout's seats), and a lease so that one replica at a time checks a
-- performance (docs: the seat-state reconciliation).
CREATE TABLE seat_state_check (
    performance_id bigint PRIMARY KEY,
    next_seat      integer NOT NULL DEFAULT 0 CHECK (next_seat >= 0),
    lease_until    timestamp(6) with time zone,
    last_run_at    timestamp(6) with time zone
);
