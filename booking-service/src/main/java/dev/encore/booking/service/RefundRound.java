package dev.encore.booking.service;

import dev.encore.booking.domain.DependencyUnavailableException;
import dev.encore.booking.repository.BookingRepository;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Pays back what is owed, on a schedule and at once after a cancel: charges that bought nothing, and the confirmed
 * bookings of cancelled performances. Each booking is refunded under its own refund key, so a round that repeats
 * after a crash, or runs on two replicas at once, refunds it once; a failure leaves it for the next round.
 */
@ApplicationScoped
public class RefundRound {

    private static final Logger LOG = Logger.getLogger(RefundRound.class);
    private static final int BATCH = 50;

    private final BookingRepository bookings;
    private final BookingCancellation cancellation;
    private final AtomicBoolean running = new AtomicBoolean();

    RefundRound(BookingRepository bookings, BookingCancellation cancellation) {
        this.bookings = bookings;
        this.cancellation = cancellation;
    }

    /** Starts a round on a worker thread now, unless one is running. */
    public void soon() {
        Infrastructure.getDefaultWorkerPool().execute(this::run);
    }

    @Scheduled(every = "{encore.booking.refund-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            List<UUID> owing;
            do {
                owing = bookings.owingRefunds(BATCH);
                int settled = 0;
                for (UUID bookingId : owing) {
                    try {
                        if (cancellation.settleRefund(bookingId)) {
                            settled++;
                        }
                    } catch (RuntimeException e) {
                        LOG.warnf("Booking %s: refund left for the next round: %s", bookingId, e.toString());
                    }
                }
                // a failure leaves its booking owing: the next scheduled round tries again, this one stops
                if (settled < owing.size()) {
                    return;
                }
            } while (!owing.isEmpty());
        } catch (DependencyUnavailableException e) {
            LOG.warnf("Refunds left for the next round: %s", e.getMessage());
        } finally {
            running.set(false);
        }
    }
}
