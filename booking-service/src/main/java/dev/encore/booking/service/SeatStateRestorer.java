package dev.encore.booking.service;

import dev.encore.booking.repository.SeatClaimRepository;
import dev.encore.booking.repository.SeatClaimRepository.LockedClaim;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Puts the seat locks back when Redis comes back empty. PostgreSQL never needed them to refuse a second holder, but
 * the seat map and the cheap 409s of a storm read Redis, and without this a held or sold seat would look AVAILABLE
 * there until its claim ended. Runs on every replica; writing the same values twice is harmless. Each page is
 * written, then checked against the ledger again (SeatStateReconciler.restoreVerified), so that a booking cancelled
 * meanwhile does not come back as sold.
 */
@ApplicationScoped
public class SeatStateRestorer {

    private static final Logger LOG = Logger.getLogger(SeatStateRestorer.class);
    private static final int PAGE = 1000;

    private final SeatClaimRepository claims;
    private final SeatLocks locks;
    private final SeatStateReconciler reconciler;

    SeatStateRestorer(SeatClaimRepository claims, SeatLocks locks, SeatStateReconciler reconciler) {
        this.claims = claims;
        this.locks = locks;
        this.reconciler = reconciler;
    }

    @Scheduled(every = "{encore.booking.seat-state-check-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void restoreIfLost() {
        try {
            if (!locks.seatStatesPresent()) {
                restore();
            }
        } catch (RuntimeException e) {
            // Redis down: the next check tries again
            LOG.debugf("Seat states not checked: %s", e);
        }
    }

    void restore() {
        long restored = 0;
        long performance = Long.MIN_VALUE;
        String seat = "";
        List<LockedClaim> page;
        do {
            long afterPerformance = performance;
            String afterSeat = seat;
            page = claims.liveAfter(afterPerformance, afterSeat, PAGE);
            reconciler.restoreVerified(page);
            if (!page.isEmpty()) {
                performance = page.get(page.size() - 1).performanceId();
                seat = page.get(page.size() - 1).seatId();
                restored += page.size();
            }
        } while (page.size() == PAGE);
        locks.markRestored();
        LOG.infof("Redis had no seat states: restored %d seat locks from PostgreSQL", restored);
    }
}
