-- One row per ticket admitted at the door: a ticket is a seat of a booking, so the primary key makes the first
-- check-in the only one (two scanners at once: one insert wins, the other reads its time).
CREATE TABLE check_in (
    booking_id     uuid        NOT NULL REFERENCES booking (id),
    seat_id        varchar(64) NOT NULL,
    performance_id bigint      NOT NULL,
    -- the SCANNER or ADMIN user who checked it in
    scanner_id     uuid        NOT NULL,
    checked_in_at  timestamp(6) with time zone NOT NULL,
    PRIMARY KEY (booking_id, seat_id)
);
CREATE INDEX check_in_performance_idx ON check_in (performance_id, checked_in_at);
