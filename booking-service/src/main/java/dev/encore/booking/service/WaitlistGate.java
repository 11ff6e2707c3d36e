package dev.encore.booking.service;

import dev.encore.booking.domain.WaitlistFirstException;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which performances have waiters still to be offered seats, and the fewest seats any of them wants, as this replica
 * last read it (at start-up, every offer round, and at once for a join on this replica): while the free seats could
 * serve a waiter, they are the waiters', and a hold by anyone else is refused. Seats no waiter can take (fewer than
 * the fewest any wants) stay on sale. Another replica's first join shows here within one offer interval; joins come
 * only once a performance is sold out.
 */
@ApplicationScoped
public class WaitlistGate {

    private record Joined(long at, int seats) {
    }

    // performance → the fewest seats one of its waiters wants
    private volatile Map<Long, Integer> fewestWanted = Map.of();
    // performance → the latest join on this replica (System.nanoTime) and the fewest seats joined for here since
    private final Map<Long, Joined> joinedHere = new ConcurrentHashMap<>();

    /** Whether the performance has waiters not yet offered seats (then a hold needs {@link #checkOpen}). */
    public boolean hasWaiters(long performanceId) {
        return fewestWanted(performanceId) > 0;
    }

    /**
     * Refuses a hold of anyone but an offer while the performance's {@code freeSeats} could serve one of its waiters.
     *
     * @throws WaitlistFirstException (409 {@code waitlist-first}) then
     */
    public void checkOpen(long performanceId, long freeSeats) {
        if (reserves(performanceId, freeSeats)) {
            throw new WaitlistFirstException(performanceId);
        }
    }

    /** Whether {@code freeSeats} free seats of the performance are kept for its waiters. */
    public boolean reserves(long performanceId, long freeSeats) {
        int fewest = fewestWanted(performanceId);
        return fewest > 0 && freeSeats >= fewest;
    }

    void joined(long performanceId, int seats) {
        joinedHere.merge(performanceId, new Joined(System.nanoTime(), seats),
                (before, now) -> new Joined(now.at(), Math.min(before.seats(), now.seats())));
    }

    /**
     * The waiting lists as the database had them when a read that began at {@code readStartedAt} (System.nanoTime)
     * ended; joins here since it began are kept, since the read may have missed them.
     */
    void refresh(Map<Long, Integer> fewestWantedByPerformance, long readStartedAt) {
        fewestWanted = Map.copyOf(fewestWantedByPerformance);
        joinedHere.values().removeIf(joined -> joined.at() - readStartedAt < 0);
    }

    private int fewestWanted(long performanceId) {
        int read = fewestWanted.getOrDefault(performanceId, 0);
        Joined here = joinedHere.get(performanceId);
        if (here == null) {
            return read;
        }
        return read == 0 ? here.seats() : Math.min(read, here.seats());
    }
}
