package dev.encore.booking.service;

import dev.encore.booking.domain.WaitlistFirstException;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which performances have waiters still to be offered seats, as this replica last read it (every offer round, and at
 * once for a join on this replica): their freed seats go to the waiting list, so a hold by anyone else is refused.
 * Another replica's first join shows here within one offer interval; joins come only once a performance is sold out.
 */
@ApplicationScoped
public class WaitlistGate {

    private volatile Set<Long> waiting = Set.of();
    // performance → when (System.nanoTime) a user joined its list on this replica
    private final Map<Long, Long> joinedHere = new ConcurrentHashMap<>();

    /**
     * Refuses a hold of anyone but an offer on a performance with waiters.
     *
     * @throws WaitlistFirstException (409 {@code waitlist-first}) when the performance has waiters
     */
    public void checkOpen(long performanceId) {
        if (closed(performanceId)) {
            throw new WaitlistFirstException(performanceId);
        }
    }

    void joined(long performanceId) {
        joinedHere.put(performanceId, System.nanoTime());
    }

    /**
     * The performances with waiters as the database had them when a read that began at {@code readStartedAt}
     * (System.nanoTime) ended; joins here since it began are kept, since the read may have missed them.
     */
    void refresh(Set<Long> performancesWithWaiters, long readStartedAt) {
        waiting = Set.copyOf(performancesWithWaiters);
        joinedHere.values().removeIf(joinedAt -> joinedAt - readStartedAt < 0);
    }

    boolean closed(long performanceId) {
        return waiting.contains(performanceId) || joinedHere.containsKey(performanceId);
    }
}
