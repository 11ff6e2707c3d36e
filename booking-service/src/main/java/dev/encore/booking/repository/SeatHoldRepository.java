package dev.encore.booking.repository;

import dev.encore.booking.domain.SeatHold;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class SeatHoldRepository implements PanacheRepositoryBase<SeatHold, UUID> {

    /** The caller's hold, locked; another user's hold is as absent as a hold that never existed. */
    public Optional<SeatHold> findOwnedForUpdate(UUID holdId, UUID userId) {
        return findByIdOptional(holdId, LockModeType.PESSIMISTIC_WRITE).filter(hold -> hold.userId.equals(userId));
    }

    /** The same, in a plain JDBC transaction (see JdbcTransactions). */
    public Optional<SeatHold> findOwnedForUpdate(Connection connection, UUID holdId, UUID userId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT performance_id, user_id, fence, seat_ids, expires_at, status, created_at FROM seat_hold
                WHERE id = ? FOR UPDATE""")) {
            select.setObject(1, holdId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next() || !row.getObject(2, UUID.class).equals(userId)) {
                    return Optional.empty();
                }
                SeatHold hold = new SeatHold();
                hold.id = holdId;
                hold.performanceId = row.getLong(1);
                hold.userId = userId;
                hold.fence = row.getLong(3);
                hold.seatIds = List.of((String[]) row.getArray(4).getArray());
                hold.expiresAt = row.getTimestamp(5).toInstant();
                hold.status = SeatHold.Status.valueOf(row.getString(6));
                hold.createdAt = row.getTimestamp(7).toInstant();
                return Optional.of(hold);
            }
        }
    }

    public int expireOverdue() {
        return update("status = ?1 where status = ?2 and expiresAt <= current_timestamp",
                SeatHold.Status.EXPIRED, SeatHold.Status.ACTIVE);
    }
}
