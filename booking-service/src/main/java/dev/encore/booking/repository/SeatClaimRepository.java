package dev.encore.booking.repository;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * seat_claim, where PostgreSQL arbitrates. Every statement here is one set-based statement; callers run them in
 * their transaction.
 */
@ApplicationScoped
public class SeatClaimRepository {

    /**
     * What one claim attempt found and did: whether the performance was selling (its sales window open by the
     * statement's clock), the user's live seats before it, the seats it got, and the hold's expiry when it got them
     * all (the hold row is written only then).
     */
    public record ClaimAttempt(boolean selling, long liveSeatsBefore, List<String> claimedSeatIds, Instant expiresAt) {
    }

    public record LiveClaim(String seatId, String status) {
    }

    private final JdbcTransactions transactions;

    SeatClaimRepository(JdbcTransactions transactions) {
        this.transactions = transactions;
    }

    /**
     * Claims every seat for the hold and records the hold, as one transaction of its own: first the performance's
     * sales lock (shared) and a lock on the user in the performance, so that a close waits for the claim and the
     * user's concurrent holds count and claim one after the other; then one statement that, by its own clock (not
     * the transaction's, which may have waited for the locks), checks the sales window, counts the user's live seats (held unexpired, paying or sold), claims every seat if sales are
     * open and those plus these stay within {@code maxSeatsPerUser} (a new row, or a takeover of a row whose fence is
     * smaller and which is RELEASED or HELD past its expiry), in seat order (LockOrder), and writes the hold row only when
     * every seat was claimed.
     * Commits only then; otherwise rolls back and the answer says why. Plain JDBC (see JdbcTransactions): this runs
     * once per winner of an on-sale storm.
     */
    public ClaimAttempt claimForHold(long performanceId, List<String> seatIds, UUID holdId, UUID userId, long fence,
                                     Duration ttl, int maxSeatsPerUser) {
        return transactions.run("Claiming seats for hold " + holdId, connection -> {
            ClaimAttempt attempt = claimForHold(connection, performanceId, seatIds, holdId, userId, fence, ttl, maxSeatsPerUser);
            if (attempt.expiresAt() == null) {
                connection.rollback();
            }
            return attempt;
        });
    }

    // a user's live seats in a performance: the per-user limit counts these (index seat_claim_user_live_idx)
    private static final String LIVE_SEATS = """
            SELECT count(*) AS seats FROM seat_claim
            WHERE performance_id = ? AND user_id = ?
              AND (status IN ('PAYING', 'SOLD') OR (status = 'HELD' AND expires_at > statement_timestamp()))""";

    /** The seats the user holds (unexpired), is paying for or owns in the performance, as the per-user limit counts them. */
    public long liveSeats(long performanceId, UUID userId) {
        return transactions.run("Counting a user's seats", connection -> {
            try (PreparedStatement count = connection.prepareStatement(LIVE_SEATS)) {
                count.setLong(1, performanceId);
                count.setObject(2, userId);
                try (ResultSet row = count.executeQuery()) {
                    row.next();
                    return row.getLong(1);
                }
            }
        });
    }

    private static ClaimAttempt claimForHold(Connection connection, long performanceId, List<String> seatIds, UUID holdId,
                                             UUID userId, long fence, Duration ttl, int maxSeatsPerUser) throws SQLException {
        LockOrder.salesThenUser(connection, performanceId, userId);
        try (PreparedStatement claim = connection.prepareStatement("""
                WITH selling AS (
                    SELECT coalesce((SELECT state = 'OPEN' AND opens_at <= statement_timestamp()
                                            AND statement_timestamp() < closes_at
                                     FROM sales_window WHERE performance_id = ?), false) AS open),
                live AS (""" + LIVE_SEATS + """
                ),
                requested AS (SELECT string_to_array(?, ',') AS seats),
                claimed AS (
                    INSERT INTO seat_claim AS c (performance_id, seat_id, hold_id, user_id, fence, status, expires_at, updated_at)
                    SELECT ?, seat, ?, ?, ?, 'HELD', statement_timestamp() + make_interval(secs => ?), statement_timestamp()
                    FROM requested, unnest(requested.seats) AS seat, live, selling
                    WHERE selling.open AND live.seats + cardinality(requested.seats) <= ?
                    ORDER BY seat
                    ON CONFLICT (performance_id, seat_id) DO UPDATE
                        SET hold_id = EXCLUDED.hold_id, user_id = EXCLUDED.user_id, fence = EXCLUDED.fence,
                            status = 'HELD', expires_at = EXCLUDED.expires_at, booking_id = NULL, updated_at = statement_timestamp()
                        WHERE c.fence < EXCLUDED.fence
                          AND (c.status = 'RELEASED' OR (c.status = 'HELD' AND c.expires_at <= statement_timestamp()))
                    RETURNING c.seat_id, c.expires_at),
                hold AS (
                    INSERT INTO seat_hold (id, performance_id, user_id, fence, seat_ids, expires_at, status, created_at)
                    SELECT ?, ?, ?, ?, requested.seats, min(claimed.expires_at), 'ACTIVE', statement_timestamp()
                    FROM claimed, requested GROUP BY requested.seats HAVING count(*) = cardinality(requested.seats)
                    RETURNING expires_at)
                SELECT selling.open, live.seats, (SELECT coalesce(array_agg(seat_id), '{}') FROM claimed),
                       (SELECT expires_at FROM hold)
                FROM live, selling""")) {
            int i = 1;
            claim.setLong(i++, performanceId);
            claim.setLong(i++, performanceId);
            claim.setObject(i++, userId);
            claim.setString(i++, String.join(",", seatIds));
            claim.setLong(i++, performanceId);
            claim.setObject(i++, holdId);
            claim.setObject(i++, userId);
            claim.setLong(i++, fence);
            claim.setDouble(i++, ttl.toMillis() / 1000.0);
            claim.setInt(i++, maxSeatsPerUser);
            claim.setObject(i++, holdId);
            claim.setLong(i++, performanceId);
            claim.setObject(i++, userId);
            claim.setLong(i, fence);
            try (ResultSet row = claim.executeQuery()) {
                row.next();
                Timestamp expiresAt = row.getTimestamp(4);
                return new ClaimAttempt(row.getBoolean(1), row.getLong(2), List.of((String[]) row.getArray(3).getArray()),
                        expiresAt == null ? null : expiresAt.toInstant());
            }
        }
    }

    /** A released hold: its HELD claims become RELEASED, locked in seat order, in the caller's transaction. */
    public int releaseHeld(Connection connection, UUID holdId) throws SQLException {
        return move(connection, "hold_id", holdId, "HELD", "RELEASED");
    }

    /** A declined payment: back to HELD with their old expiry, so the holder may pay again until then. */
    public int backToHeld(Connection connection, UUID bookingId) throws SQLException {
        return move(connection, "booking_id", bookingId, "PAYING", "HELD");
    }

    /** A cancelled booking: its SOLD claims become RELEASED, takeable again. */
    public int releaseSold(Connection connection, UUID bookingId) throws SQLException {
        return move(connection, "booking_id", bookingId, "SOLD", "RELEASED");
    }

    // LockOrder step 5: the claims are locked in seat order before they move
    private static int move(Connection connection, String owner, UUID ownerId, String from, String to) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE seat_claim SET status = ?, updated_at = statement_timestamp()
                WHERE (performance_id, seat_id) IN (
                    SELECT performance_id, seat_id FROM seat_claim WHERE %s = ? AND status = ?
                    ORDER BY performance_id, seat_id FOR UPDATE)""".formatted(owner))) {
            update.setString(1, to);
            update.setObject(2, ownerId);
            update.setString(3, from);
            return update.executeUpdate();
        }
    }

    /**
     * Marks up to {@code limit} expired HELD claims RELEASED (they are takeable already; this keeps indexes small), in
     * a transaction of its own; returns how many.
     */
    public int releaseExpired(int limit) {
        return transactions.run("Releasing expired claims", connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE seat_claim SET status = 'RELEASED', updated_at = now()
                    WHERE (performance_id, seat_id) IN (
                        SELECT performance_id, seat_id FROM seat_claim
                        WHERE status = 'HELD' AND expires_at <= now() LIMIT ? FOR UPDATE SKIP LOCKED)""")) {
                update.setInt(1, limit);
                return update.executeUpdate();
            }
        });
    }

    /** The seat map's fallback when Redis is down: every seat PostgreSQL considers taken (HELD or SOLD). */
    public List<LiveClaim> taken(long performanceId) {
        return transactions.run("Reading the taken seats of performance " + performanceId, connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT seat_id, CASE WHEN status = 'SOLD' THEN 'SOLD' ELSE 'HELD' END FROM seat_claim
                    WHERE performance_id = ?
                      AND (status IN ('PAYING', 'SOLD') OR (status = 'HELD' AND expires_at > now()))""")) {
                select.setLong(1, performanceId);
                List<LiveClaim> taken = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        taken.add(new LiveClaim(rows.getString(1), rows.getString(2)));
                    }
                }
                return taken;
            }
        });
    }

    /**
     * A live claim as its Redis lock should read: a hold's value with the time it has left (milliseconds, by the
     * database clock), or a sale's.
     */
    public record LockedClaim(long performanceId, String seatId, String status, UUID holdId, UUID userId, long fence,
                              UUID bookingId, long millisLeft) {
    }

    private static final String LOCKED_CLAIM_COLUMNS = """
            performance_id, seat_id, status, hold_id, user_id, fence, booking_id,
            greatest(0, (extract(epoch FROM expires_at - now()) * 1000)::bigint)""";

    /**
     * The live claims among these seats of the performance (held claims only while unexpired by the database clock),
     * in a transaction of its own.
     */
    public List<LockedClaim> live(long performanceId, List<String> seatIds) {
        return transactions.run("Reading live claims of performance " + performanceId, connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + LOCKED_CLAIM_COLUMNS + """

                    FROM seat_claim
                    WHERE performance_id = ? AND seat_id = ANY(string_to_array(?, ','))
                      AND (status IN ('PAYING', 'SOLD') OR (status = 'HELD' AND expires_at > now()))""")) {
                select.setLong(1, performanceId);
                select.setString(2, String.join(",", seatIds));
                return lockedClaims(select);
            }
        });
    }

    /**
     * Live claims after the given (performance, seat), in key order, so that the whole table is walked in pages of
     * bounded size; held claims only while unexpired by the database clock. A transaction of its own.
     */
    public List<LockedClaim> liveAfter(long performanceId, String seatId, int limit) {
        return transactions.run("Reading live claims", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + LOCKED_CLAIM_COLUMNS + """

                    FROM seat_claim
                    WHERE (performance_id, seat_id) > (?, ?)
                      AND (status IN ('PAYING', 'SOLD') OR (status = 'HELD' AND expires_at > now()))
                    ORDER BY performance_id, seat_id LIMIT ?""")) {
                select.setLong(1, performanceId);
                select.setString(2, seatId);
                select.setInt(3, limit);
                return lockedClaims(select);
            }
        });
    }

    // the one row mapper of a live claim, for rows of LOCKED_CLAIM_COLUMNS
    private static List<LockedClaim> lockedClaims(PreparedStatement select) throws SQLException {
        List<LockedClaim> claims = new ArrayList<>();
        try (ResultSet row = select.executeQuery()) {
            while (row.next()) {
                claims.add(new LockedClaim(row.getLong(1), row.getString(2), row.getString(3), row.getObject(4, UUID.class),
                        row.getObject(5, UUID.class), row.getLong(6), row.getObject(7, UUID.class), row.getLong(8)));
            }
        }
        return claims;
    }
}
