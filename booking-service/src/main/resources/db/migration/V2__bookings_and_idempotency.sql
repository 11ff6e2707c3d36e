CREATE TABLE booking (
    id                uuid PRIMARY KEY,
    hold_id           uuid          NOT NULL REFERENCES seat_hold (id),
    user_id           uuid          NOT NULL,
    performance_id    bigint        NOT NULL,
    seat_ids          text[]        NOT NULL,
    amount            numeric(12, 2) NOT NULL CHECK (amount >= 0),
    currency          varchar(3)    NOT NULL,
    status            varchar(16)   NOT NULL CHECK (status IN ('PENDING', 'CONFIRMED', 'FAILED', 'CANCELLED')),
    payment_reference varchar(100),
    refund_reference  varchar(100),
    created_at        timestamp(6) with time zone NOT NULL,
    updated_at        timestamp(6) with time zone NOT NULL
);
-- a hold pays once: a declined attempt (FAILED) may be followed by another, nothing else may
CREATE UNIQUE INDEX booking_live_hold_idx ON booking (hold_id) WHERE status <> 'FAILED';
CREATE INDEX booking_user_idx ON booking (user_id, created_at DESC);
-- the reconciler settles bookings a crash left PENDING
CREATE INDEX booking_pending_idx ON booking (updated_at) WHERE status = 'PENDING';

-- The first answer to each (user, Idempotency-Key), replayed for the same request; a different request under the
-- same key is refused.
CREATE TABLE idempotency_record (
    user_id         uuid         NOT NULL,
    idempotency_key varchar(200) NOT NULL,
    request_hash    varchar(64)  NOT NULL,
    booking_id      uuid,
    response_status integer,
    response_body   text,
    created_at      timestamp(6) with time zone NOT NULL,
    PRIMARY KEY (user_id, idempotency_key)
);
