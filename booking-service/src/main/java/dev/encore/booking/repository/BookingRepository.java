package dev.encore.booking.repository;

import dev.encore.booking.domain.Booking;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class BookingRepository implements PanacheRepositoryBase<Booking, UUID> {

    public Optional<Booking> findOwned(UUID bookingId, UUID userId) {
        return findByIdOptional(bookingId).filter(booking -> booking.userId.equals(userId));
    }

    public Optional<Booking> findForUpdate(UUID bookingId) {
        return findByIdOptional(bookingId, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * Sells a PENDING booking in one statement: the booking CONFIRMED with its payment, its claims SOLD, its hold
     * CONFIRMED. False when the booking was no longer PENDING (settled meanwhile by a retry or the reconciler).
     */
    public boolean sell(UUID bookingId, String paymentReference) {
        return getEntityManager().createNativeQuery("""
                        WITH sold AS (
                            UPDATE booking SET status = 'CONFIRMED', payment_reference = :payment, updated_at = now()
                            WHERE id = :booking AND status = 'PENDING' RETURNING id, hold_id),
                        claims AS (
                            UPDATE seat_claim SET status = 'SOLD', updated_at = now()
                            WHERE booking_id IN (SELECT id FROM sold) AND status = 'PAYING')
                        UPDATE seat_hold SET status = 'CONFIRMED' WHERE id IN (SELECT hold_id FROM sold) RETURNING 1""")
                .setParameter("payment", paymentReference).setParameter("booking", bookingId)
                .getResultList().size() == 1;
    }

    public List<Booking> ofUser(UUID userId) {
        return list("userId", Sort.descending("createdAt"), userId);
    }

    public List<UUID> pendingSince(Instant before, int limit) {
        return find("status = ?1 and updatedAt < ?2", Sort.ascending("updatedAt"), Booking.Status.PENDING, before)
                .page(0, limit).project(BookingId.class).list().stream().map(BookingId::id).toList();
    }

    public record BookingId(UUID id) {
    }
}
