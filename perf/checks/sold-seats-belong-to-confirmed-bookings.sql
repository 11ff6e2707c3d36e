-- Every SOLD claim belongs to exactly one CONFIRMED booking that lists its seat.
SELECT count(*) = 0, count(*) || ' SOLD seats without their CONFIRMED booking'
FROM seat_claim c LEFT JOIN booking b ON b.id = c.booking_id
WHERE c.performance_id = :performance AND c.status = 'SOLD'
  AND (b.id IS NULL OR b.status <> 'CONFIRMED' OR NOT (c.seat_id = ANY (b.seat_ids)));
