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
