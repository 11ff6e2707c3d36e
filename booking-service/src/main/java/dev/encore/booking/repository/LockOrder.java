package dev.encore.booking.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The one order in which booking-service's transactions take their locks, so that no two of them can wait on each
 * other (a deadlock PostgreSQL would answer with an error):
 * <ol>
 * <li>the performance's sales lock: shared by holds and sales, exclusive for close and cancel;</li>
 * <li>the user's lock in the performance (exclusive): a user's holds and confirms count their seats one at a time;</li>
 * <li>the hold row ({@code SELECT … FOR UPDATE});</li>
 * <li>the seat claims, by the statement that moves them;</li>
 * <li>the booking row and the idempotency record.</li>
 * </ol>
 * Both advisory locks are transaction-scoped (PostgreSQL docs, "Explicit Locking: Advisory Locks"), keyed by
 * {@code hashtextextended} of a text that names what they guard; a transaction may skip a step, never reorder them.
 * Within one statement, PostgreSQL evaluates the select list from left to right, which keeps steps 1 and 2 in order.
 */
public final class LockOrder {

    private LockOrder() {
    }

    /** Steps 1 (shared) and 2, for a hold of {@code userId} in the performance. */
    public static void salesThenUser(Connection connection, long performanceId, UUID userId) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("""
                SELECT pg_advisory_xact_lock_shared(hashtextextended('sales/' || ?, 0)),
                       pg_advisory_xact_lock(hashtextextended(? || '/' || ?, 0))""")) {
            lock.setLong(1, performanceId);
            lock.setLong(2, performanceId);
            lock.setString(3, userId.toString());
            lock.executeQuery().close();
        }
    }

    /**
     * Steps 1 (shared) and 2 for the performance and owner of a hold, before the hold row is locked. Empty, with no
     * lock taken, when the hold does not exist or is not {@code userId}'s.
     */
    public static OptionalLong salesThenUserOfHold(Connection connection, UUID holdId, UUID userId) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("""
                SELECT performance_id, pg_advisory_xact_lock_shared(hashtextextended('sales/' || performance_id, 0)),
                       pg_advisory_xact_lock(hashtextextended(performance_id || '/' || user_id, 0))
                FROM seat_hold WHERE id = ? AND user_id = ?""")) {
            lock.setObject(1, holdId);
            lock.setObject(2, userId);
            try (ResultSet row = lock.executeQuery()) {
                return row.next() ? OptionalLong.of(row.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    /** Step 1 (shared) for the performance of a booking, before the sale moves its claims and its row. */
    public static void salesOfBooking(Connection connection, UUID bookingId) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("""
                SELECT pg_advisory_xact_lock_shared(hashtextextended('sales/' || performance_id, 0))
                FROM booking WHERE id = ?""")) {
            lock.setObject(1, bookingId);
            lock.executeQuery().close();
        }
    }

    /** Step 1, exclusive: waits until every hold and sale in flight on the performance has committed or rolled back. */
    public static void salesExclusive(Connection connection, long performanceId) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(
                "SELECT pg_advisory_xact_lock(hashtextextended('sales/' || ?, 0))")) {
            lock.setLong(1, performanceId);
            lock.executeQuery().close();
        }
    }
}
