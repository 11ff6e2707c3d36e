package dev.encore.booking.service;

import dev.encore.booking.domain.DependencyUnavailableException;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.UUID;

/** Settles bookings that a crash or a lost answer left PENDING, by asking the provider under their charge key. */
@ApplicationScoped
public class PendingBookingReconciler {

    private static final Logger LOG = Logger.getLogger(PendingBookingReconciler.class);
    private static final int BATCH = 100;

    private final BookingConfirmation bookings;

    PendingBookingReconciler(BookingConfirmation bookings) {
        this.bookings = bookings;
    }

    @Scheduled(every = "{encore.booking.reconcile-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reconcile() {
        List<UUID> pending;
        try {
            pending = bookings.toReconcile(BATCH);
        } catch (DependencyUnavailableException e) {
            LOG.warnf("PENDING bookings left for the next round: %s", e.getMessage());
            return;
        }
        for (UUID bookingId : pending) {
            try {
                bookings.reconcile(bookingId);
            } catch (RuntimeException e) {
                LOG.warnf("Booking %s stays PENDING until the next round: %s", bookingId, e.toString());
            }
        }
    }
}
