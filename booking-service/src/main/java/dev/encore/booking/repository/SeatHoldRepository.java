package dev.encore.booking.repository;

import dev.encore.booking.domain.SeatHold;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class SeatHoldRepository {

    private final JdbcTransactions transactions;

    SeatHoldRepository(JdbcTransactions transactions) {
        this.transactions = transactions;
    }

    /** Moves a hold from one status to another in the caller's transaction; false when it was not in {@code from}. */
    public boolean move(Connection connection, UUID holdId, SeatHold.Status from, SeatHold.Status to) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE seat_hold SET status = ? WHERE id = ? AND status = ?")) {
            update.setString(1, to.name());
            update.setObject(2, holdId);
            update.setString(3, from.name());
            return update.executeUpdate() == 1;
        }
    }

    /** The caller's hold, locked (LockOrder step 3); another user's hold is as absent as a hold that never existed. */
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

    /**
     * Marks up to {@code limit} ACTIVE holds past their expiry EXPIRED, skipping the ones locked by a transaction in
     * flight and the ones whose booking is being paid (their claims are PAYING and do not expire).
     */
    public int expireOverdue(int limit) {
        return transactions.run("Expiring overdue holds", connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE seat_hold SET status = 'EXPIRED' WHERE id IN (
                        SELECT h.id FROM seat_hold h
                        WHERE h.status = 'ACTIVE' AND h.expires_at <= statement_timestamp()
                          AND NOT EXISTS (SELECT 1 FROM booking b WHERE b.hold_id = h.id AND b.status = 'PENDING')
                        LIMIT ? FOR UPDATE OF h SKIP LOCKED)""")) {
                update.setInt(1, limit);
                return update.executeUpdate();
            }
        });
    }
}
