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

    /**
     * Sells a PENDING booking in one statement of its own transaction: the booking CONFIRMED with its payment, its
     * claims SOLD, its hold CONFIRMED, and the 201 {@code answer} stored under the key that asked for it, if any.
     * False when the booking was no longer PENDING (settled meanwhile by a retry or the reconciler). Committed without
     * waiting for the disk: if a database crash loses it, the booking is PENDING again, durably, with its seats
     * PAYING (which nobody can take), and the reconciler sells it from the provider's record of the charge; the key
     * then rebuilds its answer. Plain JDBC (see JdbcTransactions): this runs once per booking of an on-sale.
     */
    public boolean sell(UUID bookingId, String paymentReference, Optional<IdempotencyKey> key, String answer) {
        return transactions.run("Selling booking " + bookingId, connection -> {
            CommitDurability.relax(connection);
            try (PreparedStatement sale = connection.prepareStatement("""
                    WITH sold AS (
                        UPDATE booking SET status = 'CONFIRMED', payment_reference = ?, updated_at = now()
                        WHERE id = ? AND status = 'PENDING' RETURNING id, hold_id),
                    claims AS (
                        UPDATE seat_claim SET status = 'SOLD', updated_at = now()
                        WHERE booking_id IN (SELECT id FROM sold) AND status = 'PAYING'),
                    hold AS (
                        UPDATE seat_hold SET status = 'CONFIRMED' WHERE id IN (SELECT hold_id FROM sold)),
                    answer AS (
                        UPDATE idempotency_record SET response_status = 201, response_body = ?
                        WHERE user_id = ? AND idempotency_key = ? AND response_status IS NULL AND EXISTS (SELECT 1 FROM sold))
                    SELECT count(*) FROM sold""")) {
                sale.setString(1, paymentReference);
                sale.setObject(2, bookingId);
                sale.setString(3, answer);
                if (key.isPresent()) {
                    sale.setObject(4, key.get().userId());
                    sale.setString(5, key.get().value());
                } else {
                    sale.setNull(4, Types.OTHER);
                    sale.setNull(5, Types.VARCHAR);
                }
                try (ResultSet sold = sale.executeQuery()) {
                    sold.next();
                    return sold.getLong(1) == 1;
                }
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
