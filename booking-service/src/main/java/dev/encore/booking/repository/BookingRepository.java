package dev.encore.booking.repository;

import dev.encore.booking.domain.Booking;
import dev.encore.booking.domain.BookingInProgressException;
import dev.encore.booking.domain.IdempotencyKey;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class BookingRepository implements PanacheRepositoryBase<Booking, UUID> {

    private static final String UNIQUE_VIOLATION = "23505";

    private final JdbcTransactions transactions;

    BookingRepository(JdbcTransactions transactions) {
        this.transactions = transactions;
    }

    public Optional<Booking> findOwned(UUID bookingId, UUID userId) {
        return findByIdOptional(bookingId).filter(booking -> booking.userId.equals(userId));
    }

    public Optional<Booking> findForUpdate(UUID bookingId) {
        return findByIdOptional(bookingId, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * Writes the PENDING booking and moves every claim of its hold HELD -> PAYING for it, in one statement of the
     * caller's plain JDBC transaction (see JdbcTransactions), only where the fence is still the hold's and the claim
     * has not expired by the database clock. Returns how many claims moved: all, or the caller rolls back. A PAYING
     * claim can no longer be taken over.
     *
     * @throws BookingInProgressException when another booking of the hold is being paid (the partial unique index)
     */
    public int startPaying(Connection connection, Booking pending, long fence) throws SQLException {
        try (PreparedStatement start = connection.prepareStatement("""
                WITH booking AS (
                    INSERT INTO booking (id, hold_id, user_id, performance_id, seat_ids, amount, currency, status, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?) RETURNING id)
                UPDATE seat_claim SET status = 'PAYING', booking_id = (SELECT id FROM booking), updated_at = now()
                WHERE hold_id = ? AND fence = ? AND status = 'HELD' AND expires_at > now()""")) {
            int i = 1;
            start.setObject(i++, pending.id);
            start.setObject(i++, pending.holdId);
            start.setObject(i++, pending.userId);
            start.setLong(i++, pending.performanceId);
            start.setArray(i++, connection.createArrayOf("text", pending.seatIds.toArray()));
            start.setBigDecimal(i++, pending.amount);
            start.setString(i++, pending.currency);
            start.setObject(i++, OffsetDateTime.ofInstant(pending.createdAt, ZoneOffset.UTC));
            start.setObject(i++, OffsetDateTime.ofInstant(pending.updatedAt, ZoneOffset.UTC));
            start.setObject(i++, pending.holdId);
            start.setLong(i, fence);
            return start.executeUpdate();
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new BookingInProgressException();
            }
            throw e;
        }
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
     * Sells a PENDING booking in its own transaction: under the performance's sales lock (shared, see LockOrder), one
     * statement marks the booking CONFIRMED with its payment, its claims SOLD, its hold CONFIRMED, and stores the 201
     * {@code answer} under the key that asked for it, if any, unless the performance has been cancelled. Committed
     * without waiting for the disk: if a database crash loses it, the booking is PENDING again, durably, with its
     * seats PAYING (which nobody can take), and the reconciler sells it from the provider's record of the charge; the
     * key then rebuilds its answer. Plain JDBC (see JdbcTransactions): this runs once per booking of an on-sale.
     */
    public SaleOutcome sell(UUID bookingId, String paymentReference, Optional<IdempotencyKey> key, String answer) {
        return transactions.run("Selling booking " + bookingId, connection -> {
            CommitDurability.relax(connection);
            LockOrder.salesOfBooking(connection, bookingId);
            try (PreparedStatement sale = connection.prepareStatement("""
                    WITH cancelled AS (
                        SELECT EXISTS (SELECT 1 FROM booking b JOIN sales_window w ON w.performance_id = b.performance_id
                                       WHERE b.id = ? AND w.state = 'CANCELLED') AS yes),
                    sold AS (
                        UPDATE booking SET status = 'CONFIRMED', payment_reference = ?, updated_at = now()
                        WHERE id = ? AND status = 'PENDING' AND NOT (SELECT yes FROM cancelled) RETURNING id, hold_id),
                    claims AS (
                        UPDATE seat_claim SET status = 'SOLD', updated_at = now()
                        WHERE booking_id IN (SELECT id FROM sold) AND status = 'PAYING'),
                    hold AS (
                        UPDATE seat_hold SET status = 'CONFIRMED' WHERE id IN (SELECT hold_id FROM sold)),
                    answer AS (
                        UPDATE idempotency_record SET response_status = 201, response_body = ?
                        WHERE user_id = ? AND idempotency_key = ? AND response_status IS NULL AND EXISTS (SELECT 1 FROM sold))
                    SELECT (SELECT count(*) FROM sold), (SELECT yes FROM cancelled)""")) {
                sale.setObject(1, bookingId);
                sale.setString(2, paymentReference);
                sale.setObject(3, bookingId);
                sale.setString(4, answer);
                if (key.isPresent()) {
                    sale.setObject(5, key.get().userId());
                    sale.setString(6, key.get().value());
                } else {
                    sale.setNull(5, Types.OTHER);
                    sale.setNull(6, Types.VARCHAR);
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
     * A charge that bought nothing (its performance was cancelled during the payment): the PENDING booking becomes
     * FAILED with the charge's reference, so that the refund is owed and found again after a crash, and its claims
     * and hold are RELEASED. False when the booking was no longer PENDING.
     */
    public boolean failCharged(UUID bookingId, String paymentReference) {
        return transactions.run("Failing booking " + bookingId, connection -> {
            try (PreparedStatement fail = connection.prepareStatement("""
                    WITH failed AS (
                        UPDATE booking SET status = 'FAILED', payment_reference = ?, updated_at = now()
                        WHERE id = ? AND status = 'PENDING' RETURNING id, hold_id),
                    claims AS (
                        UPDATE seat_claim SET status = 'RELEASED', updated_at = now()
                        WHERE booking_id IN (SELECT id FROM failed) AND status = 'PAYING'),
                    hold AS (
                        UPDATE seat_hold SET status = 'RELEASED' WHERE id IN (SELECT hold_id FROM failed) AND status = 'ACTIVE')
                    SELECT count(*) FROM failed""")) {
                fail.setString(1, paymentReference);
                fail.setObject(2, bookingId);
                try (ResultSet failed = fail.executeQuery()) {
                    failed.next();
                    return failed.getLong(1) == 1;
                }
            }
        });
    }

    /** Records the refund of a charge that bought nothing (a FAILED booking with a payment reference). */
    public void recordRefund(UUID bookingId, String refundReference) {
        transactions.run("Recording the refund of booking " + bookingId, connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE booking SET refund_reference = ?, updated_at = now() WHERE id = ? AND refund_reference IS NULL")) {
                update.setString(1, refundReference);
                update.setObject(2, bookingId);
                return update.executeUpdate();
            }
        });
    }

    /**
     * Up to {@code limit} of each kind of booking that owes a refund: charges that bought nothing (FAILED with a payment and no refund), and
     * CONFIRMED bookings of performances cancelled here and recorded by catalog-service.
     */
    public List<UUID> owingRefunds(int limit) {
        return transactions.run("Listing bookings that owe refunds", connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    (SELECT id FROM booking
                     WHERE status = 'FAILED' AND payment_reference IS NOT NULL AND refund_reference IS NULL LIMIT ?)
                    UNION ALL
                    (SELECT b.id FROM booking b JOIN sales_window w ON w.performance_id = b.performance_id
                     WHERE b.status = 'CONFIRMED' AND w.state = 'CANCELLED' AND w.catalog_told LIMIT ?)""")) {
                select.setInt(1, limit);
                select.setInt(2, limit);
                List<UUID> ids = new java.util.ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getObject(1, UUID.class));
                    }
                }
                return ids;
            }
        });
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
