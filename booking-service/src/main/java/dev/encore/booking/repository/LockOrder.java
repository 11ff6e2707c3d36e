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
 * <li>a confirm's idempotency record, registered first: only a request under the same key waits for it;</li>
 * <li>the performance's sales lock: shared by holds and sales, exclusive for close and cancel;</li>
 * <li>the user's lock in the performance (exclusive): a user's holds and confirms count their seats one at a time;</li>
 * <li>the hold row ({@code SELECT … FOR UPDATE});</li>
 * <li>the seat claims, in (performance, seat) order: every statement that moves several claims locks them first
 * with {@code SELECT … ORDER BY performance_id, seat_id FOR UPDATE}, and a claim inserts them in seat order;</li>
 * <li>the booking row;</li>
 * <li>its check-ins (a check-in reads the booking row {@code FOR SHARE}, then inserts its ticket's row).</li>
 * </ol>
 * Close and cancel hold the sales lock exclusively, so they meet no other transaction of the performance on its
 * rows but the sweepers; scheduled sweeps that touch many rows lock them with {@code FOR UPDATE SKIP LOCKED}, so that they never wait.
 * Both advisory locks are transaction-scoped (PostgreSQL docs, "Explicit Locking: Advisory Locks"), keyed by
 * {@code hashtextextended} of a text that names what they guard; a transaction may skip a step, never reorder them.
 * Within one statement, PostgreSQL evaluates the select list from left to right, which keeps the two advisory locks in order.
 */
public final class LockOrder {

    private LockOrder() {
    }

    /** The sales lock (shared) and the user's lock, for a hold of {@code userId} in the performance. */
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
     * The sales lock (shared) and the user's lock for the performance and owner of a hold, before the hold row is locked. Empty, with no
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

    /**
     * The sales lock (shared) and the hold row for a booking: its performance's sales lock, then its hold's row, before a transaction
     * moves the booking's claims and its row (sale, decline, a charge that bought nothing, cancel). The hold row
     * serialises every transaction on one hold and its bookings, so that none of them meets another half-way.
     */
    public static void salesThenHoldOfBooking(Connection connection, UUID bookingId) throws SQLException {
        try (PreparedStatement sales = connection.prepareStatement("""
                SELECT pg_advisory_xact_lock_shared(hashtextextended('sales/' || performance_id, 0))
                FROM booking WHERE id = ?""");
             PreparedStatement hold = connection.prepareStatement("""
                     SELECT 1 FROM seat_hold WHERE id = (SELECT hold_id FROM booking WHERE id = ?) FOR UPDATE""")) {
            sales.setObject(1, bookingId);
            sales.executeQuery().close();
            hold.setObject(1, bookingId);
            hold.executeQuery().close();
        }
    }

    /** The sales lock, exclusive: waits until every hold and sale in flight on the performance has committed or rolled back. */
    public static void salesExclusive(Connection connection, long performanceId) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(
                "SELECT pg_advisory_xact_lock(hashtextextended('sales/' || ?, 0))")) {
            lock.setLong(1, performanceId);
            lock.executeQuery().close();
        }
    }
}
