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

/** seat_hold: one row per hold, written by the claim (SeatClaimRepository) and moved here. */
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

    private static final String COLUMNS = "id, performance_id, user_id, fence, seat_ids, expires_at, status, created_at";

    /** The caller's hold, locked (LockOrder step 4); another user's hold is as absent as a hold that never existed. */
    public Optional<SeatHold> findOwnedForUpdate(Connection connection, UUID holdId, UUID userId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM seat_hold WHERE id = ? FOR UPDATE")) {
            select.setObject(1, holdId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() && row.getObject(3, UUID.class).equals(userId) ? Optional.of(hold(row)) : Optional.empty();
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
        try (PreparedStatement release = connection.prepareStatement(
                "UPDATE seat_hold SET status = 'RELEASED' WHERE performance_id = ? AND status = 'ACTIVE' RETURNING " + COLUMNS)) {
            release.setLong(1, performanceId);
            try (ResultSet rows = release.executeQuery()) {
                while (rows.next()) {
                    released.add(hold(rows));
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

    // the one row mapper of seat_hold, for a row of COLUMNS
    private static SeatHold hold(ResultSet row) throws SQLException {
        return new SeatHold(row.getObject(1, UUID.class), row.getLong(2), row.getObject(3, UUID.class), row.getLong(4),
                List.of((String[]) row.getArray(5).getArray()), row.getTimestamp(6).toInstant(),
                SeatHold.Status.valueOf(row.getString(7)), row.getTimestamp(8).toInstant());
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
