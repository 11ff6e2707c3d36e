-- booking-service's own record of each performance's sales window. The times are copied from catalog-service the
-- first time booking-service meets the performance (they never change); the state changes only through
-- booking-service's close and cancel, which then tell catalog-service. Every hold and confirm checks this row
-- against the database clock inside the transaction that writes, under a shared advisory lock that close and
-- cancel take exclusively (docs: the lock order).
CREATE TABLE sales_window (
    performance_id bigint PRIMARY KEY,
    opens_at       timestamp(6) with time zone NOT NULL,
    closes_at      timestamp(6) with time zone NOT NULL,
    state          varchar(16) NOT NULL CHECK (state IN ('OPEN', 'CLOSED', 'CANCELLED')),
    -- false while catalog-service has not yet recorded a close or cancel made here; refunds wait for it
    catalog_told   boolean     NOT NULL DEFAULT true,
    changed_at     timestamp(6) with time zone
);
CREATE INDEX sales_window_untold_idx ON sales_window (performance_id) WHERE NOT catalog_told;

-- why a booking was cancelled: by its buyer, or with its performance (refunded either way)
ALTER TABLE booking ADD COLUMN cancel_reason varchar(32) CHECK (cancel_reason IN ('BUYER', 'PERFORMANCE_CANCELLED'));
-- a cancelled performance's refunds walk its confirmed bookings
CREATE INDEX booking_confirmed_performance_idx ON booking (performance_id) WHERE status = 'CONFIRMED';
-- closing and cancelling release a performance's live holds
CREATE INDEX seat_hold_active_performance_idx ON seat_hold (performance_id) WHERE status = 'ACTIVE';
-- charges that bought nothing are refunded by the refund round
CREATE INDEX booking_unrefunded_failed_idx ON booking (id)
    WHERE status = 'FAILED' AND payment_reference IS NOT NULL AND refund_reference IS NULL;
