package dev.encore.booking.repository;

import dev.encore.booking.domain.PerformanceLayout;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * sales_window: booking-service's own copy of each performance's sales window. Holds and confirms take the
 * performance's sales lock shared and check the window in the statement that writes; close and cancel take it
 * exclusively (LockOrder), so a sale either commits before the state changes or sees the new state.
 */
@ApplicationScoped
public class SalesWindowRepository {

    /** The state booking-service keeps for a performance's sales. */
    public enum State {
        OPEN, CLOSED, CANCELLED
    }

    private final JdbcTransactions transactions;

    SalesWindowRepository(JdbcTransactions transactions) {
        this.transactions = transactions;
    }

    /**
     * Records the window catalog-service gave, the first time this service meets the performance; a row already
     * there wins, because its state changes only here. A status CLOSED or CANCELLED is copied as such.
     */
    public void remember(PerformanceLayout layout) {
        transactions.run("Recording the sales window of performance " + layout.performanceId(), connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO sales_window (performance_id, opens_at, closes_at, state)
                    VALUES (?, ?, ?, ?) ON CONFLICT (performance_id) DO NOTHING""")) {
                insert.setLong(1, layout.performanceId());
                insert.setObject(2, OffsetDateTime.ofInstant(layout.salesOpenAt(), ZoneOffset.UTC));
                insert.setObject(3, OffsetDateTime.ofInstant(layout.salesCloseAt(), ZoneOffset.UTC));
                insert.setString(4, switch (layout.status()) {
                    case "CLOSED" -> State.CLOSED.name();
                    case "CANCELLED" -> State.CANCELLED.name();
                    default -> State.OPEN.name();
                });
                return insert.executeUpdate();
            }
        });
    }

    /**
     * Takes the performance's sales lock exclusively for the caller's transaction (see LockOrder), then reads its
     * state in a statement that starts after the lock was granted. Empty when booking-service has never met the
     * performance.
     */
    public Optional<State> lockExclusive(Connection connection, long performanceId) throws SQLException {
        LockOrder.salesExclusive(connection, performanceId);
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT state FROM sales_window WHERE performance_id = ?")) {
            select.setLong(1, performanceId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(State.valueOf(row.getString(1))) : Optional.empty();
            }
        }
    }

    /**
     * Whether the performance is selling, by the clock of this statement, in the caller's transaction: run it after
     * taking the sales lock (LockOrder), so that it sees any close that committed before the lock was granted.
     */
    public boolean selling(Connection connection, long performanceId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT state = 'OPEN' AND opens_at <= statement_timestamp() AND statement_timestamp() < closes_at
                FROM sales_window WHERE performance_id = ?""")) {
            select.setLong(1, performanceId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() && row.getBoolean(1);
            }
        }
    }

    /** Sets the state in the caller's transaction (which holds the lock exclusively); catalog-service is told next. */
    public void changeState(Connection connection, long performanceId, State state) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE sales_window SET state = ?, catalog_told = false, changed_at = statement_timestamp()
                WHERE performance_id = ?""")) {
            update.setString(1, state.name());
            update.setLong(2, performanceId);
            update.executeUpdate();
        }
    }

    /** Takes catalog-service's final state as this service's, already recorded there (it refused ours). */
    public void adopt(long performanceId, State state) {
        transactions.run("Adopting the state of performance " + performanceId, connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE sales_window SET state = ?, catalog_told = true, changed_at = statement_timestamp()
                    WHERE performance_id = ?""")) {
                update.setString(1, state.name());
                update.setLong(2, performanceId);
                return update.executeUpdate();
            }
        });
    }

    /** catalog-service has recorded the state set here. */
    public void markCatalogTold(long performanceId) {
        transactions.run("Marking performance " + performanceId + " told", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE sales_window SET catalog_told = true WHERE performance_id = ?")) {
                update.setLong(1, performanceId);
                return update.executeUpdate();
            }
        });
    }
}
