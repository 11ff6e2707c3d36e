-- One confirm as booking-service runs it, minus the payment: the booking written PENDING with its claims moved to
-- PAYING under the fence, then CONFIRMED and SOLD, each its own transaction. Hold n (from the sequence) is
-- seat_hold md5(n), fence n, seeded HELD by confirm-limit.
SELECT nextval('perf_confirm_seq') AS n \gset
BEGIN;
INSERT INTO idempotency_record (user_id, idempotency_key, request_hash, created_at)
    SELECT user_id, 'key-' || :n, md5(id::text), now() FROM seat_hold WHERE id = md5(:n::text)::uuid;
INSERT INTO booking (id, hold_id, user_id, performance_id, seat_ids, amount, currency, status, created_at, updated_at)
    SELECT md5('booking-' || :n)::uuid, id, user_id, performance_id, seat_ids, 60, 'EUR', 'PENDING', now(), now()
    FROM seat_hold WHERE id = md5(:n::text)::uuid;
UPDATE seat_claim SET status = 'PAYING', booking_id = md5('booking-' || :n)::uuid, updated_at = now()
    WHERE hold_id = md5(:n::text)::uuid AND fence = :n AND status = 'HELD' AND expires_at > now();
COMMIT;
BEGIN;
UPDATE booking SET status = 'CONFIRMED', payment_reference = 'ch_' || :n, updated_at = now()
    WHERE id = md5('booking-' || :n)::uuid;
UPDATE seat_claim SET status = 'SOLD', updated_at = now() WHERE booking_id = md5('booking-' || :n)::uuid AND status = 'PAYING';
UPDATE seat_hold SET status = 'CONFIRMED' WHERE id = md5(:n::text)::uuid;
COMMIT;
