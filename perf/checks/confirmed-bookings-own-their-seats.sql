-- Every seat of a CONFIRMED booking is SOLD to that booking.
SELECT count(*) = 0, count(*) || ' booked seats not SOLD to their booking'
FROM booking b, unnest(b.seat_ids) seat
WHERE b.performance_id = :performance AND b.status = 'CONFIRMED'
  AND NOT EXISTS (SELECT 1 FROM seat_claim c WHERE c.performance_id = b.performance_id AND c.seat_id = seat
                                               AND c.booking_id = b.id AND c.status = 'SOLD');
