-- As many CONFIRMED bookings as holds were confirmed; "any" checks nothing.
SELECT :'expected' = 'any' OR count(*) = (:'expected')::bigint, count(*) || ' CONFIRMED bookings (expected ' || :'expected' || ')'
FROM booking WHERE performance_id = :performance AND status = 'CONFIRMED';
