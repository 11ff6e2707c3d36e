package dev.encore.booking.repository;

import dev.encore.booking.domain.SeatHold;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class SeatHoldRepository implements PanacheRepositoryBase<SeatHold, UUID> {

    /** The caller's hold, locked; another user's hold is as absent as a hold that never existed. */
    public Optional<SeatHold> findOwnedForUpdate(UUID holdId, UUID userId) {
        return findByIdOptional(holdId, LockModeType.PESSIMISTIC_WRITE).filter(hold -> hold.userId.equals(userId));
    }

    public int expireOverdue() {
        return update("status = ?1 where status = ?2 and expiresAt <= current_timestamp",
                SeatHold.Status.EXPIRED, SeatHold.Status.ACTIVE);
    }
}
