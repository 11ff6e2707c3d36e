package dev.encore.booking.service;

import dev.encore.booking.domain.DependencyUnavailableException;
import dev.encore.booking.repository.SeatClaimRepository;
import dev.encore.booking.repository.SeatHoldRepository;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Expired holds need no sweeping to become takeable (the claim statement compares expiry with the database clock);
 * marking them RELEASED and EXPIRED keeps the live-claim indexes small and the records truthful.
 */
@ApplicationScoped
public class HeldClaimSweeper {

    private static final Logger LOG = Logger.getLogger(HeldClaimSweeper.class);

    private static final int CHUNK = 1000;

    private final SeatClaimRepository claims;
    private final SeatHoldRepository holds;

    HeldClaimSweeper(SeatClaimRepository claims, SeatHoldRepository holds) {
        this.claims = claims;
        this.holds = holds;
    }

    @Scheduled(every = "{encore.booking.sweep-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        try {
            while (claims.releaseExpired(CHUNK) == CHUNK) {
                // another chunk
            }
            while (holds.expireOverdue(CHUNK) == CHUNK) {
                // another chunk
            }
        } catch (DependencyUnavailableException e) {
            // one line per round while the database is away, not a stack trace: the next round sweeps what is left
            LOG.warnf("Sweep left for the next round: %s", e.getMessage());
        }
    }
}
