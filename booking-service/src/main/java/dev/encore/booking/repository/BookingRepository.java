package dev.encore.booking.repository;

import dev.encore.booking.domain.Booking;
import dev.encore.booking.domain.BookingInProgressException;
import dev.encore.booking.domain.IdempotencyKey;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** booking: one row per payment attempt of a hold, with its lease, charge and refund. */
@ApplicationScoped
public class BookingRepository {

    private static final String UNIQUE_VIOLATION = "23505";

    private final JdbcTransactions transactions;

    BookingRepository(JdbcTransactions transactions) {
        this.transactions = transactions;
    }

    private static final String COLUMNS = """
            id, hold_id, user_id, performance_id, seat_ids, amount, currency, status, payment_reference, refund_reference,
            cancel_reason, created_at, updated_at""";

    /** The booking, read in a transaction of its own. */
    public Optional<Booking> find(UUID bookingId) {
        return transactions.run("Reading booking " + bookingId, connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM booking WHERE id = ?")) {
                select.setObject(1, bookingId);
                return bookings(select).stream().findFirst();
            }
        });
    }

    /** The caller's booking; another user's is as absent as one that never existed. */
    public Optional<Booking> findOwned(UUID bookingId, UUID userId) {
        return find(bookingId).filter(booking -> booking.userId().equals(userId));
    }

    /** Every booking of the user, newest first. */
    public List<Booking> ofUser(UUID userId) {
        return transactions.run("Listing the bookings of user " + userId, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM booking WHERE user_id = ? ORDER BY created_at DESC")) {
                select.setObject(1, userId);
                return bookings(select);
            }
        });
    }

    // the one row mapper of booking, for rows of COLUMNS
    private static List<Booking> bookings(PreparedStatement select) throws SQLException {
        List<Booking> found = new ArrayList<>();
        try (ResultSet row = select.executeQuery()) {
            while (row.next()) {
                String reason = row.getString(11);
                found.add(new Booking(row.getObject(1, UUID.class), row.getObject(2, UUID.class), row.getObject(3, UUID.class),
                        row.getLong(4), List.of((String[]) row.getArray(5).getArray()), row.getBigDecimal(6), row.getString(7),
                        Booking.Status.valueOf(row.getString(8)), row.getString(9), row.getString(10),
                        reason == null ? null : Booking.CancelReason.valueOf(reason), row.getTimestamp(12).toInstant(),
                        row.getTimestamp(13).toInstant()));
            }
        }
        return found;
    }

    /**
     * Writes the PENDING booking, leased to {@code actor} for {@code lease} and with its charge counted as sent now,
     * and moves every claim of its hold HELD -> PAYING for it, in the caller's plain JDBC transaction (see
     * JdbcTransactions), which holds the locks of LockOrder's steps 1 to 4; the claims are locked in seat order (step
     * 5) and move only where the fence is still the hold's and the claim has not expired by the clock of this
     * statement (not the transaction's, which may have waited for its locks). Returns how many claims moved: all, or
     * the caller rolls back. A PAYING claim can no longer be taken over.
     *
     * @throws BookingInProgressException when another booking of the hold is being paid (the partial unique index)
     */
    public int startPaying(Connection connection, Booking pending, long fence, UUID actor, Duration lease) throws SQLException {
        try (PreparedStatement start = connection.prepareStatement("""
                WITH booking AS (
                    INSERT INTO booking (id, hold_id, user_id, performance_id, seat_ids, amount, currency, status,
                                         created_at, updated_at, lease_owner, lease_until, charge_sent_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?, statement_timestamp() + make_interval(secs => ?),
                            statement_timestamp())
                    RETURNING id),
                paying AS (
                    SELECT performance_id, seat_id FROM seat_claim
                    WHERE hold_id = ? AND fence = ? AND status = 'HELD' AND expires_at > statement_timestamp()
                    ORDER BY performance_id, seat_id FOR UPDATE)
                UPDATE seat_claim SET status = 'PAYING', booking_id = (SELECT id FROM booking), updated_at = statement_timestamp()
                WHERE (performance_id, seat_id) IN (SELECT performance_id, seat_id FROM paying)""")) {
            int i = 1;
            start.setObject(i++, pending.id());
            start.setObject(i++, pending.holdId());
            start.setObject(i++, pending.userId());
            start.setLong(i++, pending.performanceId());
            start.setArray(i++, connection.createArrayOf("text", pending.seatIds().toArray()));
            start.setBigDecimal(i++, pending.amount());
            start.setString(i++, pending.currency());
            start.setObject(i++, OffsetDateTime.ofInstant(pending.createdAt(), ZoneOffset.UTC));
            start.setObject(i++, OffsetDateTime.ofInstant(pending.updatedAt(), ZoneOffset.UTC));
            start.setObject(i++, actor);
            start.setDouble(i++, lease.toMillis() / 1000.0);
            start.setObject(i++, pending.holdId());
            start.setLong(i, fence);
            return start.executeUpdate();
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new BookingInProgressException();
            }
            throw e;
        }
    }

    /** Whether a booking of the hold is PENDING (being paid), in the caller's transaction. */
    public boolean beingPaid(Connection connection, UUID holdId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM booking WHERE hold_id = ? AND status = 'PENDING')")) {
            select.setObject(1, holdId);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        }
    }

    /** A lease taken on a PENDING booking: whether a charge sent under its key may still be in flight. */
    public record Lease(boolean chargeMayBeInFlight) {
    }

    /**
     * Leases a PENDING booking to {@code actor} for {@code lease} by the database clock, when nobody holds a live
     * lease on it; a {@code charging} actor also counts its charge as sent now. The answer says whether a charge sent
     * less than {@code inFlight} ago (before this call) may still reach the provider. Empty when the booking is not
     * PENDING or another actor drives it.
     */
    public Optional<Lease> lease(UUID bookingId, UUID actor, Duration lease, boolean charging, Duration inFlight) {
        return transactions.run("Leasing booking " + bookingId, connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE booking b SET lease_owner = ?, lease_until = statement_timestamp() + make_interval(secs => ?),
                           charge_sent_at = CASE WHEN ? THEN statement_timestamp() ELSE b.charge_sent_at END
                    FROM (SELECT id, charge_sent_at FROM booking WHERE id = ? FOR UPDATE) before
                    WHERE b.id = before.id AND b.status = 'PENDING'
                      AND (b.lease_until IS NULL OR b.lease_until <= statement_timestamp())
                    RETURNING coalesce(before.charge_sent_at > statement_timestamp() - make_interval(secs => ?), false)""")) {
                update.setObject(1, actor);
                update.setDouble(2, lease.toMillis() / 1000.0);
                update.setBoolean(3, charging);
                update.setObject(4, bookingId);
                update.setDouble(5, inFlight.toMillis() / 1000.0);
                try (ResultSet row = update.executeQuery()) {
                    return row.next() ? Optional.of(new Lease(row.getBoolean(1))) : Optional.empty();
                }
            }
        });
    }

    /** Gives the lease back early (the actor is done), if {@code actor} still holds it. */
    public void endLease(UUID bookingId, UUID actor) {
        transactions.run("Ending the lease on booking " + bookingId, connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE booking SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?")) {
                update.setObject(1, bookingId);
                update.setObject(2, actor);
                return update.executeUpdate();
            }
        });
    }

    /** What a sale came to. */
    public enum SaleOutcome {
        /** Sold now: CONFIRMED, claims SOLD, hold CONFIRMED, the key's answer stored. */
        SOLD,
        /** The booking was no longer PENDING: a retry or the reconciler settled it meanwhile. */
        ALREADY_SETTLED,
        /** Nothing changed: the performance was cancelled while the booking was being paid. */
        PERFORMANCE_CANCELLED
    }

    /**
     * Sells a PENDING booking in its own transaction: under the performance's sales lock (shared) and its hold's row
     * lock (see LockOrder), one
     * statement marks the booking CONFIRMED with its payment, its claims SOLD, its hold CONFIRMED, and stores the 201
     * {@code answer} under the key that asked for it, if any, unless the performance has been cancelled. Committed
     * without waiting for the disk: if a database crash loses it, the booking is PENDING again, durably, with its
     * seats PAYING (which nobody can take), and the reconciler sells it from the provider's record of the charge; the
     * key then rebuilds its answer. Plain JDBC (see JdbcTransactions): this runs once per booking of an on-sale.
     */
    public SaleOutcome sell(UUID bookingId, String paymentReference, Optional<IdempotencyKey> key, String answer) {
        return transactions.run("Selling booking " + bookingId, connection -> {
            LockOrder.salesThenHoldOfBooking(connection, bookingId);
            // one statement: its claims locked in seat order (the booking's update waits for that subquery), then the
            // booking, claims, hold and answer moved; the commit does not wait for the disk (see above)
            try (PreparedStatement sale = connection.prepareStatement("""
                    WITH locked AS (
                        SELECT performance_id, seat_id FROM seat_claim WHERE booking_id = ? AND status = 'PAYING'
                        ORDER BY performance_id, seat_id FOR UPDATE),
                    cancelled AS (
                        SELECT EXISTS (SELECT 1 FROM booking b JOIN sales_window w ON w.performance_id = b.performance_id
                                       WHERE b.id = ? AND w.state = 'CANCELLED') AS yes),
                    sold AS (
                        UPDATE booking SET status = 'CONFIRMED', payment_reference = ?, updated_at = statement_timestamp()
                        WHERE id = ? AND status = 'PENDING' AND NOT (SELECT yes FROM cancelled)
                          AND (SELECT count(*) FROM locked) >= 0 RETURNING id, hold_id),
                    claims AS (
                        UPDATE seat_claim SET status = 'SOLD', updated_at = statement_timestamp()
                        WHERE (performance_id, seat_id) IN (SELECT performance_id, seat_id FROM locked)
                          AND EXISTS (SELECT 1 FROM sold)),
                    hold AS (
                        UPDATE seat_hold SET status = 'CONFIRMED' WHERE id IN (SELECT hold_id FROM sold)),
                    answer AS (
                        UPDATE idempotency_record SET response_status = 201, response_body = ?
                        WHERE user_id = ? AND idempotency_key = ? AND response_status IS NULL AND EXISTS (SELECT 1 FROM sold))
                    SELECT (SELECT count(*) FROM sold), (SELECT yes FROM cancelled),
                           set_config('synchronous_commit', 'off', true)""")) {
                sale.setObject(1, bookingId);
                sale.setObject(2, bookingId);
                sale.setString(3, paymentReference);
                sale.setObject(4, bookingId);
                sale.setString(5, answer);
                if (key.isPresent()) {
                    sale.setObject(6, key.get().userId());
                    sale.setString(7, key.get().value());
                } else {
                    sale.setNull(6, Types.OTHER);
                    sale.setNull(7, Types.VARCHAR);
                }
                try (ResultSet sold = sale.executeQuery()) {
                    sold.next();
                    if (sold.getLong(1) == 1) {
                        return SaleOutcome.SOLD;
                    }
                    return sold.getBoolean(2) ? SaleOutcome.PERFORMANCE_CANCELLED : SaleOutcome.ALREADY_SETTLED;
                }
            }
        });
    }

    /**
     * A charge that bought nothing: a PENDING booking (its performance was cancelled while it was paid) becomes FAILED
     * with the charge's reference, and its claims and hold are RELEASED; a booking already FAILED (declined by
     * another actor before this charge was approved) gets the reference. Either way the refund is owed and found again
     * after a crash (see owingRefunds). Locks in LockOrder's order. False when neither applied.
     */
    public boolean failCharged(UUID bookingId, String paymentReference) {
        return transactions.run("Failing booking " + bookingId, connection -> {
            LockOrder.salesThenHoldOfBooking(connection, bookingId);
            try (PreparedStatement fail = connection.prepareStatement("""
                    WITH claims AS (
                        UPDATE seat_claim SET status = 'RELEASED', updated_at = statement_timestamp()
                        WHERE (performance_id, seat_id) IN (
                            SELECT c.performance_id, c.seat_id FROM seat_claim c JOIN booking b ON b.id = c.booking_id
                            WHERE c.booking_id = ? AND c.status = 'PAYING' AND b.status = 'PENDING'
                            ORDER BY c.performance_id, c.seat_id FOR UPDATE OF c)),
                    failed AS (
                        UPDATE booking SET status = 'FAILED', payment_reference = ?, updated_at = statement_timestamp()
                        WHERE id = ? AND (status = 'PENDING' OR (status = 'FAILED' AND payment_reference IS NULL))
                        RETURNING id, hold_id),
                    hold AS (
                        UPDATE seat_hold SET status = 'RELEASED' WHERE id IN (SELECT hold_id FROM failed) AND status = 'ACTIVE')
                    SELECT count(*) FROM failed""")) {
                fail.setObject(1, bookingId);
                fail.setString(2, paymentReference);
                fail.setObject(3, bookingId);
                try (ResultSet failed = fail.executeQuery()) {
                    failed.next();
                    return failed.getLong(1) == 1;
                }
            }
        });
    }

    /**
     * A declined charge, in the caller's transaction after LockOrder's steps 2 and 4 and the claims' move back to HELD:
     * PENDING -> FAILED. False when the booking was no longer PENDING.
     */
    public boolean decline(Connection connection, UUID bookingId) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE booking SET status = 'FAILED', updated_at = statement_timestamp() WHERE id = ? AND status = 'PENDING'")) {
            update.setObject(1, bookingId);
            return update.executeUpdate() == 1;
        }
    }

    /**
     * A refunded cancel, in the caller's transaction after LockOrder's steps 2 and 4 and the claims' release:
     * CONFIRMED -> CANCELLED with the refund and the reason. False when the booking was not CONFIRMED.
     */
    public boolean cancel(Connection connection, UUID bookingId, String refundReference, Booking.CancelReason reason)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE booking SET status = 'CANCELLED', refund_reference = ?, cancel_reason = ?, updated_at = statement_timestamp()
                WHERE id = ? AND status = 'CONFIRMED'""")) {
            update.setString(1, refundReference);
            update.setString(2, reason.name());
            update.setObject(3, bookingId);
            return update.executeUpdate() == 1;
        }
    }

    /**
     * Locks the booking's row ({@code FOR UPDATE}, in the caller's transaction) and says whether it is CONFIRMED. A
     * statement of its own, so that what the caller reads next (its check-ins) is read after the lock is held: under
     * READ COMMITTED each statement sees what committed before it began, a check-in that held the row included.
     */
    public boolean lockConfirmed(Connection connection, UUID bookingId) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT status FROM booking WHERE id = ? FOR UPDATE")) {
            lock.setObject(1, bookingId);
            try (ResultSet row = lock.executeQuery()) {
                return row.next() && Booking.Status.CONFIRMED.name().equals(row.getString(1));
            }
        }
    }

    /**
     * Marks the booking as being cancelled by its buyer, its canceller presumed gone after {@code lease} (database
     * clock; see V8__cancel_in_progress.sql); false when another cancel holds the mark. Under the row lock of
     * {@link #lockConfirmed}.
     */
    public boolean markCancelling(Connection connection, UUID bookingId, Duration lease) throws SQLException {
        try (PreparedStatement mark = connection.prepareStatement("""
                UPDATE booking SET cancelling_until = statement_timestamp() + ? * interval '1 millisecond'
                WHERE id = ? AND cancelling_until IS NULL""")) {
            mark.setLong(1, lease.toMillis());
            mark.setObject(2, bookingId);
            return mark.executeUpdate() == 1;
        }
    }

    /** Whether the booking's buyer asked to cancel it (a cancel in progress, or one abandoned by its replica). */
    public boolean cancelRequested(UUID bookingId) {
        return transactions.run("Reading the cancel mark of booking " + bookingId, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT cancelling_until IS NOT NULL FROM booking WHERE id = ?")) {
                select.setObject(1, bookingId);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() && row.getBoolean(1);
                }
            }
        });
    }

    /** Ends a cancel that did not happen (its refund failed), whose mark only it can hold: the tickets admit again. */
    public void clearCancelling(UUID bookingId) {
        transactions.run("Ending the cancel of booking " + bookingId, connection -> {
            try (PreparedStatement clear = connection.prepareStatement(
                    "UPDATE booking SET cancelling_until = NULL WHERE id = ? AND status = 'CONFIRMED'")) {
                clear.setObject(1, bookingId);
                return clear.executeUpdate();
            }
        });
    }

    /** Records the refund of a charge that bought nothing (a FAILED booking with a payment reference). */
    public void recordRefund(UUID bookingId, String refundReference) {
        transactions.run("Recording the refund of booking " + bookingId, connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE booking SET refund_reference = ?, updated_at = statement_timestamp() WHERE id = ? AND refund_reference IS NULL")) {
                update.setString(1, refundReference);
                update.setObject(2, bookingId);
                return update.executeUpdate();
            }
        });
    }

    /**
     * Up to {@code limit} of each kind of booking that owes a refund: charges that bought nothing (FAILED with a payment and no refund),
     * CONFIRMED bookings of performances cancelled here and recorded by catalog-service, and CONFIRMED bookings whose
     * buyer's cancel was abandoned (its mark outlived its lease: the replica died between mark and cancel).
     */
    public List<UUID> owingRefunds(int limit) {
        return transactions.run("Listing bookings that owe refunds", connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    (SELECT id FROM booking
                     WHERE status = 'FAILED' AND payment_reference IS NOT NULL AND refund_reference IS NULL LIMIT ?)
                    UNION ALL
                    (SELECT b.id FROM booking b JOIN sales_window w ON w.performance_id = b.performance_id
                     WHERE b.status = 'CONFIRMED' AND w.state = 'CANCELLED' AND w.catalog_told LIMIT ?)
                    UNION ALL
                    (SELECT id FROM booking
                     WHERE status = 'CONFIRMED' AND cancelling_until < statement_timestamp() LIMIT ?)""")) {
                select.setInt(1, limit);
                select.setInt(2, limit);
                select.setInt(3, limit);
                return ids(select);
            }
        });
    }

    /**
     * Up to {@code limit} PENDING bookings unchanged for longer than {@code grace} and not leased, oldest first, by
     * the database clock.
     */
    public List<UUID> toReconcile(Duration grace, int limit) {
        return transactions.run("Listing PENDING bookings", connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT id FROM booking
                    WHERE status = 'PENDING' AND updated_at < statement_timestamp() - make_interval(secs => ?)
                      AND (lease_until IS NULL OR lease_until <= statement_timestamp())
                    ORDER BY updated_at LIMIT ?""")) {
                select.setDouble(1, grace.toMillis() / 1000.0);
                select.setInt(2, limit);
                return ids(select);
            }
        });
    }

    private static List<UUID> ids(PreparedStatement select) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                ids.add(rows.getObject(1, UUID.class));
            }
        }
        return ids;
    }
}
