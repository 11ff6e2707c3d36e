-- The waiting list of a sold-out performance: one live entry per user and performance, served in arrival order (id).
-- An entry is WAITING, then OFFERING while the offer round takes a hold for it (hold_id chosen before the hold is
-- taken, so that a round that dies in between is completed or undone by the next), then OFFERED (a hold of its own
-- expiry), and ends BOOKED, EXPIRED (the offer lapsed), LEFT (its user left) or DROPPED (the offer could not be
-- made: the user's seat limit, the sales ended).
CREATE TABLE waitlist_entry (
    id               bigserial PRIMARY KEY,
    performance_id   bigint      NOT NULL,
    user_id          uuid        NOT NULL,
    seat_count       integer     NOT NULL CHECK (seat_count BETWEEN 1 AND 50),
    status           varchar(16) NOT NULL
        CHECK (status IN ('WAITING', 'OFFERING', 'OFFERED', 'BOOKED', 'EXPIRED', 'LEFT', 'DROPPED')),
    hold_id          uuid,
    offer_seat_ids   text[],
    offer_expires_at timestamp(6) with time zone,
    joined_at        timestamp(6) with time zone NOT NULL,
    updated_at       timestamp(6) with time zone NOT NULL
);
CREATE UNIQUE INDEX waitlist_entry_live_user_idx ON waitlist_entry (performance_id, user_id)
    WHERE status IN ('WAITING', 'OFFERING', 'OFFERED');
CREATE INDEX waitlist_entry_live_idx ON waitlist_entry (performance_id, id)
    WHERE status IN ('WAITING', 'OFFERING', 'OFFERED');

-- The transactional outbox: a notification is written in the transaction that makes its news (an offer, its lapse),
-- and delivered by OutboxRelay as a signed webhook, retried until the receiver answers 2xx. next_attempt_at is also
-- the lease of the replica sending it (claimed rows are moved into the future before the call).
CREATE TABLE outbox_message (
    id              uuid PRIMARY KEY,
    event_type      varchar(64)  NOT NULL,
    payload         text         NOT NULL,
    created_at      timestamp(6) with time zone NOT NULL,
    attempts        integer      NOT NULL DEFAULT 0,
    next_attempt_at timestamp(6) with time zone NOT NULL,
    delivered_at    timestamp(6) with time zone,
    given_up_at     timestamp(6) with time zone,
    last_error      varchar(500)
);
CREATE INDEX outbox_message_due_idx ON outbox_message (next_attempt_at) WHERE delivered_at IS NULL AND given_up_at IS NULL;
CREATE INDEX outbox_message_created_idx ON outbox_message (created_at);
