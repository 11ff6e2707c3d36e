package dev.encore.booking.service;

import dev.encore.booking.repository.SeatClaimRepository;
import dev.encore.booking.repository.SeatClaimRepository.LockedClaim;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;

/**
 * Puts the seat locks back when Redis comes back empty. PostgreSQL never needed them to refuse a second holder, but
 * the seat map and the cheap 409s of a storm read Redis, and without this a held or sold seat would look AVAILABLE
 * there until its claim ended. Runs on every replica; writing the same values twice is harmless.
 */
@ApplicationScoped
public class SeatStateRestorer {

    private static final Logger LOG = Logger.getLogger(SeatStateRestorer.class);
    private static final int PAGE = 1000;
    // a PAYING claim settles within the payment timeout; its lock only has to outlive that
    private static final Duration PAYING_LOCK = Duration.ofMinutes(1);

    private final SeatClaimRepository claims;
    private final SeatLocks locks;
    private final SeatMapService seatMaps;

    SeatStateRestorer(SeatClaimRepository claims, SeatLocks locks, SeatMapService seatMaps) {
        this.claims = claims;
        this.locks = locks;
        this.seatMaps = seatMaps;
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
            page = QuarkusTransaction.requiringNew().call(() -> claims.liveAfter(afterPerformance, afterSeat, PAGE));
            for (LockedClaim claim : page) {
                locks.restore(claim.performanceId(), claim.seatId(), valueOf(claim), timeLeftOf(claim));
                seatMaps.forget(claim.performanceId());
                performance = claim.performanceId();
                seat = claim.seatId();
                restored++;
            }
        } while (page.size() == PAGE);
        locks.markRestored();
        LOG.infof("Redis had no seat states: restored %d seat locks from PostgreSQL", restored);
    }

    private static String valueOf(LockedClaim claim) {
        return "SOLD".equals(claim.status()) ? SeatLocks.soldValue(claim.bookingId())
                : SeatLocks.holdValue(claim.holdId(), claim.userId(), claim.fence());
    }

    private static Duration timeLeftOf(LockedClaim claim) {
        return switch (claim.status()) {
            case "SOLD" -> null;
            case "PAYING" -> Duration.ofMillis(Math.max(claim.millisLeft(), PAYING_LOCK.toMillis()));
            default -> Duration.ofMillis(claim.millisLeft());
        };
    }
}
