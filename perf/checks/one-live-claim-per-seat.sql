-- As many live claims (one per seat, by the primary key) as seats were won; "any" checks nothing.
SELECT :'expected' = 'any' OR count(*) = (:'expected')::bigint, count(*) || ' live claims (expected ' || :'expected' || ')'
FROM seat_claim WHERE performance_id = :performance AND status <> 'RELEASED';
