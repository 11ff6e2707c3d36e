package dev.encore.booking.repository;

import dev.encore.booking.domain.Booking;
import dev.encore.booking.domain.Ticket;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** check_in: the tickets admitted at the door, one row each, by the database clock. */
@ApplicationScoped
public class CheckInRepository {

    /**
     * What a check-in found: the ticket's booking status (empty when no booking has that seat), its cancel reason,
     * whether its buyer is cancelling it right now, and the ticket's check-in time, {@code admitted} when it is this
     * call's.
     */
    public record Result(Optional<Booking.Status> bookingStatus, Booking.CancelReason cancelReason, boolean cancelling,
                         Instant checkedInAt, boolean admitted) {
    }

    private final JdbcTransactions transactions;

    CheckInRepository(JdbcTransactions transactions) {
        this.transactions = transactions;
    }

    /**
     * Checks the ticket in, in one transaction: the booking row is read {@code FOR SHARE} (LockOrder: the booking
     * row, then its check-ins), so a cancel and a check-in never cross: either the check-in sees the booking marked
     * as being cancelled (or CANCELLED), or the cancel's mark waits for the check-in and then finds it. Only a
     * CONFIRMED booking's ticket that is not being cancelled is written;
     * {@code INSERT … ON CONFLICT DO NOTHING} lets exactly one of two concurrent check-ins write, and the other then
     * reads the first's row (READ COMMITTED: its next statement sees the committed insert).
     */
    public Result checkIn(Ticket ticket, UUID scannerId) {
        return transactions.run("Checking in seat " + ticket.seatId() + " of booking " + ticket.bookingId(), connection -> {
            Booking.Status status;
            Booking.CancelReason reason;
            boolean cancelling;
            try (PreparedStatement booking = connection.prepareStatement("""
                    SELECT status, cancel_reason, cancelling_until IS NOT NULL FROM booking
                    WHERE id = ? AND performance_id = ? AND ? = ANY (seat_ids) FOR SHARE""")) {
                booking.setObject(1, ticket.bookingId());
                booking.setLong(2, ticket.performanceId());
                booking.setString(3, ticket.seatId());
                try (ResultSet row = booking.executeQuery()) {
                    if (!row.next()) {
                        return new Result(Optional.empty(), null, false, null, false);
                    }
                    status = Booking.Status.valueOf(row.getString(1));
                    reason = row.getString(2) == null ? null : Booking.CancelReason.valueOf(row.getString(2));
                    cancelling = row.getBoolean(3);
                }
            }
            if (status != Booking.Status.CONFIRMED || cancelling) {
                return new Result(Optional.of(status), reason, cancelling, null, false);
            }
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO check_in (booking_id, seat_id, performance_id, scanner_id, checked_in_at)
                    VALUES (?, ?, ?, ?, statement_timestamp()) ON CONFLICT DO NOTHING RETURNING checked_in_at""")) {
                insert.setObject(1, ticket.bookingId());
                insert.setString(2, ticket.seatId());
                insert.setLong(3, ticket.performanceId());
                insert.setObject(4, scannerId);
                try (ResultSet row = insert.executeQuery()) {
                    if (row.next()) {
                        return new Result(Optional.of(status), null, false, row.getTimestamp(1).toInstant(), true);
                    }
                }
            }
            try (PreparedStatement first = connection.prepareStatement(
                    "SELECT checked_in_at FROM check_in WHERE booking_id = ? AND seat_id = ?")) {
                first.setObject(1, ticket.bookingId());
                first.setString(2, ticket.seatId());
                try (ResultSet row = first.executeQuery()) {
                    row.next();
                    return new Result(Optional.of(status), null, false, row.getTimestamp(1).toInstant(), false);
                }
            }
        });
    }

    /** Whether any ticket of the booking is checked in, read in the caller's transaction. */
    public boolean any(Connection connection, UUID bookingId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM check_in WHERE booking_id = ?)")) {
            select.setObject(1, bookingId);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        }
    }

    /** When each checked-in seat of the booking was checked in, by seat id; seats not checked in are absent. */
    public Map<String, Instant> ofBooking(UUID bookingId) {
        return transactions.run("Reading the check-ins of booking " + bookingId, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT seat_id, checked_in_at FROM check_in WHERE booking_id = ?")) {
                select.setObject(1, bookingId);
                Map<String, Instant> checkedIn = new HashMap<>();
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        checkedIn.put(row.getString(1), row.getTimestamp(2).toInstant());
                    }
                }
                return checkedIn;
            }
        });
    }
}
