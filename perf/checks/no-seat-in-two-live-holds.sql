-- No seat is in two live holds of the performance (ACTIVE and unexpired, or CONFIRMED): the seat protocol's first promise.
SELECT count(*) = 0, count(*) || ' seats in two live holds'
FROM (SELECT seat FROM seat_hold h, unnest(h.seat_ids) seat
      WHERE h.performance_id = :performance
        AND (h.status = 'CONFIRMED' OR h.status = 'ACTIVE' AND h.expires_at > now())
      GROUP BY seat HAVING count(*) > 1) doubled;
