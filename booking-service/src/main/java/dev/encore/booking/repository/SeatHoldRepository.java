package dev.encore.booking.repository;

import dev.encore.booking.domain.SeatHold;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
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

    /**
     * Releases every ACTIVE hold of the performance and its HELD claims, in the caller's transaction (which holds the
     * performance's sales lock exclusively: see LockOrder), and returns the holds it released, whose Redis locks the
     * caller then deletes. Claims already PAYING stay with their booking, whose sale decides.
     */
    public List<SeatHold> releaseActive(Connection connection, long performanceId) throws SQLException {
        List<SeatHold> released = new ArrayList<>();
        try (PreparedStatement release = connection.prepareStatement("""
                UPDATE seat_hold SET status = 'RELEASED' WHERE performance_id = ? AND status = 'ACTIVE'
                RETURNING id, user_id, fence, seat_ids""")) {
            release.setLong(1, performanceId);
            try (ResultSet rows = release.executeQuery()) {
                while (rows.next()) {
                    SeatHold hold = new SeatHold();
                    hold.id = rows.getObject(1, UUID.class);
                    hold.performanceId = performanceId;
                    hold.userId = rows.getObject(2, UUID.class);
                    hold.fence = rows.getLong(3);
                    hold.seatIds = List.of((String[]) rows.getArray(4).getArray());
                    hold.status = SeatHold.Status.RELEASED;
                    released.add(hold);
                }
            }
        }
        try (PreparedStatement claims = connection.prepareStatement("""
                UPDATE seat_claim SET status = 'RELEASED', updated_at = now() WHERE performance_id = ? AND status = 'HELD'""")) {
            claims.setLong(1, performanceId);
            claims.executeUpdate();
        }
        return released;
    }

    public int expireOverdue() {
        return update("status = ?1 where status = ?2 and expiresAt <= current_timestamp",
                SeatHold.Status.EXPIRED, SeatHold.Status.ACTIVE);
    }
}
