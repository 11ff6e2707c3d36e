package dev.encore.booking.repository;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * seat_state_check: how far the comparison of Redis's seat locks with PostgreSQL's claims has come on each on-sale
 * performance, and which replica is comparing it now (a lease by the database clock, never a lock held across the
 * calls to Redis).
 */
@ApplicationScoped
public class SeatStateCheckRepository {

    private final JdbcTransactions transactions;

    SeatStateCheckRepository(JdbcTransactions transactions) {
        this.transactions = transactions;
    }

    /** Up to {@code limit} performances whose sales window is open now by the database clock, least recently checked first. */
    public List<Long> onSale(int limit) {
        return transactions.run("Listing on-sale performances", connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT w.performance_id FROM sales_window w
                    LEFT JOIN seat_state_check c ON c.performance_id = w.performance_id
                    WHERE w.state = 'OPEN' AND w.opens_at <= statement_timestamp() AND statement_timestamp() < w.closes_at
                    ORDER BY c.last_run_at NULLS FIRST LIMIT ?""")) {
                select.setInt(1, limit);
                List<Long> ids = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getLong(1));
                    }
                }
                return ids;
            }
        });
    }

    /**
     * Leases the performance's check for {@code lease} and returns the index of the next seat to compare; empty when
     * another replica holds a live lease on it.
     */
    public OptionalInt lease(long performanceId, Duration lease) {
        return transactions.run("Leasing the seat-state check of performance " + performanceId, connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("""
                    INSERT INTO seat_state_check AS c (performance_id, lease_until)
                    VALUES (?, statement_timestamp() + make_interval(secs => ?))
                    ON CONFLICT (performance_id) DO UPDATE SET lease_until = EXCLUDED.lease_until
                    WHERE c.lease_until IS NULL OR c.lease_until <= statement_timestamp()
                    RETURNING next_seat""")) {
                upsert.setLong(1, performanceId);
                upsert.setDouble(2, lease.toMillis() / 1000.0);
                try (ResultSet row = upsert.executeQuery()) {
                    return row.next() ? OptionalInt.of(row.getInt(1)) : OptionalInt.empty();
                }
            }
        });
    }

    /** Ends the lease, recording where the next check starts and when this one ran. */
    public void finish(long performanceId, int nextSeat) {
        transactions.run("Finishing the seat-state check of performance " + performanceId, connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE seat_state_check SET next_seat = ?, lease_until = NULL, last_run_at = statement_timestamp()
                    WHERE performance_id = ?""")) {
                update.setInt(1, nextSeat);
                update.setLong(2, performanceId);
                return update.executeUpdate();
            }
        });
    }

    /**
     * Seats that two CONFIRMED bookings of one performance both list, over the performances on sale or whose sales
     * closed in the last 30 days (closing the sales after a double sale does not hide it): encore's first promise
     * says 0, which seat_claim's primary key (one claim per seat) keeps by construction.
     */
    public long seatsSoldTwice() {
        return transactions.run("Counting seats sold twice", connection -> {
            try (PreparedStatement count = connection.prepareStatement("""
                    SELECT count(*) FROM (
                        SELECT b.performance_id, seat FROM sales_window w
                        JOIN booking b ON b.performance_id = w.performance_id AND b.status = 'CONFIRMED',
                        unnest(b.seat_ids) seat
                        WHERE w.state = 'OPEN' OR w.closes_at > statement_timestamp() - interval '30 days'
                        GROUP BY b.performance_id, seat HAVING count(*) > 1) doubled""");
                 ResultSet row = count.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        });
    }
}
