-- No booking is left PENDING once the reconciler has had its grace: nobody waits on a charge forever.
SELECT count(*) = 0, count(*) || ' bookings still PENDING'
FROM booking WHERE performance_id = :performance AND status = 'PENDING';
