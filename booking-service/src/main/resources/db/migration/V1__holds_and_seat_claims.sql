-- A hold: the seats one user took at once, and the fencing token Redis gave the attempt.
CREATE TABLE seat_hold (
    id             uuid PRIMARY KEY,
    performance_id bigint  NOT NULL,
    user_id        uuid    NOT NULL,
    fence          bigint  NOT NULL,
    seat_ids       text[]  NOT NULL,
    expires_at     timestamp(6) with time zone NOT NULL,
    status         varchar(16) NOT NULL CHECK (status IN ('ACTIVE', 'RELEASED', 'EXPIRED', 'CONFIRMED')),
    created_at     timestamp(6) with time zone NOT NULL
);
CREATE INDEX seat_hold_user_idx ON seat_hold (user_id, performance_id);
CREATE INDEX seat_hold_active_expiry_idx ON seat_hold (expires_at) WHERE status = 'ACTIVE';

-- PostgreSQL decides: one row per (performance, seat) ever claimed. The primary key is the last line of defence;
-- a claim is taken over only by a larger fence, and only when RELEASED or HELD past its expiry by the database clock.
CREATE TABLE seat_claim (
    performance_id bigint      NOT NULL,
    seat_id        varchar(64) NOT NULL,
    hold_id        uuid        NOT NULL,
    user_id        uuid        NOT NULL,
    fence          bigint      NOT NULL,
    status         varchar(16) NOT NULL CHECK (status IN ('HELD', 'PAYING', 'SOLD', 'RELEASED')),
    expires_at     timestamp(6) with time zone NOT NULL,
    booking_id     uuid,
    updated_at     timestamp(6) with time zone NOT NULL,
    PRIMARY KEY (performance_id, seat_id)
);
CREATE INDEX seat_claim_hold_idx ON seat_claim (hold_id);
-- the per-user limit counts a user's live seats in a performance
CREATE INDEX seat_claim_user_live_idx ON seat_claim (performance_id, user_id) WHERE status <> 'RELEASED';
-- the sweeper releases expired holds
CREATE INDEX seat_claim_held_expiry_idx ON seat_claim (expires_at) WHERE status = 'HELD';
