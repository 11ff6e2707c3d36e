-- One confirm as booking-service runs it, minus the payment and HTTP, for pgbench (tools/confirm-limit): between
-- BEGIN and COMMIT, exactly the statements BookingConfirmation prepares, in its order, with pgbench variables where
-- it binds parameters (booking-service's ConfirmStatementsTest holds this file to the statements a real confirm runs).
-- Before them, hold n of those confirm-limit seeded (seat_hold md5(n), fence n, claims HELD) and this confirm's values.
SELECT s.n, h.id AS hold_id, h.user_id, h.performance_id, h.seat_ids, md5('booking-' || s.n)::uuid AS booking_id,
       md5('actor-' || s.n)::uuid AS actor, 'key-' || s.n AS idempotency_key, md5('request-' || s.n) AS request_hash,
       now() AS created_at, 'ch_' || s.n AS payment_reference, 60 AS amount, 'EUR' AS currency, 60 AS lease,
       '{}' AS answer
FROM (SELECT nextval('perf_confirm_seq') AS n) s JOIN seat_hold h ON h.id = md5(s.n::text)::uuid \gset
BEGIN;
INSERT INTO idempotency_record (user_id, idempotency_key, request_hash, booking_id, created_at)
VALUES (:user_id, :idempotency_key, :request_hash, :booking_id, now()) ON CONFLICT DO NOTHING;
SELECT performance_id, pg_advisory_xact_lock_shared(hashtextextended('sales/' || performance_id, 0)),
       pg_advisory_xact_lock(hashtextextended(performance_id || '/' || user_id, 0))
FROM seat_hold WHERE id = :hold_id AND user_id = :user_id;
SELECT state = 'OPEN' AND opens_at <= statement_timestamp() AND statement_timestamp() < closes_at
FROM sales_window WHERE performance_id = :performance_id;
SELECT id, performance_id, user_id, fence, seat_ids, expires_at, status, created_at FROM seat_hold WHERE id = :hold_id FOR UPDATE;
WITH booking AS (
    INSERT INTO booking (id, hold_id, user_id, performance_id, seat_ids, amount, currency, status,
                         created_at, updated_at, lease_owner, lease_until, charge_sent_at)
    VALUES (:booking_id, :hold_id, :user_id, :performance_id, :seat_ids, :amount, :currency, 'PENDING', :created_at, :created_at,
            :actor, statement_timestamp() + make_interval(secs => :lease), statement_timestamp())
    RETURNING id),
paying AS (
    SELECT performance_id, seat_id FROM seat_claim
    WHERE hold_id = :hold_id AND fence = :n AND status = 'HELD' AND expires_at > statement_timestamp()
    ORDER BY performance_id, seat_id FOR UPDATE)
UPDATE seat_claim SET status = 'PAYING', booking_id = (SELECT id FROM booking), updated_at = statement_timestamp()
WHERE (performance_id, seat_id) IN (SELECT performance_id, seat_id FROM paying);
COMMIT;
BEGIN;
SELECT pg_advisory_xact_lock_shared(hashtextextended('sales/' || performance_id, 0))
FROM booking WHERE id = :booking_id;
SELECT 1 FROM seat_hold WHERE id = (SELECT hold_id FROM booking WHERE id = :booking_id) FOR UPDATE;
WITH locked AS (
    SELECT performance_id, seat_id FROM seat_claim WHERE booking_id = :booking_id AND status = 'PAYING'
    ORDER BY performance_id, seat_id FOR UPDATE),
cancelled AS (
    SELECT EXISTS (SELECT 1 FROM booking b JOIN sales_window w ON w.performance_id = b.performance_id
                   WHERE b.id = :booking_id AND w.state = 'CANCELLED') AS yes),
sold AS (
    UPDATE booking SET status = 'CONFIRMED', payment_reference = :payment_reference, updated_at = statement_timestamp()
    WHERE id = :booking_id AND status = 'PENDING' AND NOT (SELECT yes FROM cancelled)
      AND (SELECT count(*) FROM locked) >= 0 RETURNING id, hold_id),
claims AS (
    UPDATE seat_claim SET status = 'SOLD', updated_at = statement_timestamp()
    WHERE (performance_id, seat_id) IN (SELECT performance_id, seat_id FROM locked)
      AND EXISTS (SELECT 1 FROM sold)),
hold AS (
    UPDATE seat_hold SET status = 'CONFIRMED' WHERE id IN (SELECT hold_id FROM sold)),
answer AS (
    UPDATE idempotency_record SET response_status = 201, response_body = :answer
    WHERE user_id = :user_id AND idempotency_key = :idempotency_key AND response_status IS NULL AND EXISTS (SELECT 1 FROM sold))
SELECT (SELECT count(*) FROM sold), (SELECT yes FROM cancelled),
       set_config('synchronous_commit', 'off', true);
COMMIT;
