package dev.encore.booking.repository;

import dev.encore.booking.domain.DependencyUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * booking-service's one way to PostgreSQL: short transactions in plain JDBC on the pooled connections. Every
 * repository method either takes the caller's {@link Connection} (it runs in the caller's transaction) or runs its own
 * transaction here. No JPA or JTA: on the hot paths a JPA session in a JTA transaction around two statements cost more
 * than the statements (JFR: 31% of a winner's claim in Hibernate, 21% in Narayana), so none is used anywhere.
 * The work may roll back itself; whatever it leaves open is committed, and a failure rolls it back.
 */
@ApplicationScoped
public class JdbcTransactions {

    /** What runs in one transaction; its statements use {@code connection}. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    // SQLSTATE class 08: connection exception (PostgreSQL docs, Appendix A "PostgreSQL Error Codes")
    private static final String CONNECTION_EXCEPTION = "08";

    private final DataSource dataSource;

    JdbcTransactions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Runs {@code work} in a transaction of its own and commits it.
     *
     * @param what names the work in the error, e.g. "Selling booking &lt;id&gt;"
     * @throws DependencyUnavailableException when no connection to PostgreSQL can be had (503, retry in a second)
     * @throws DataAccessException on any other SQL failure
     */
    public <T> T run(String what, Work<T> work) {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw new DependencyUnavailableException("database", Duration.ofSeconds(1), e);
        }
        try (connection) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith(CONNECTION_EXCEPTION)) {
                throw new DependencyUnavailableException("database", Duration.ofSeconds(1), e);
            }
            throw new DataAccessException(what + " failed", e);
        }
    }

    /**
     * Runs {@code work} while this replica holds the session advisory lock named {@code lockName} (PostgreSQL docs,
     * "Explicit Locking: Advisory Locks"), or not at all when another session holds it: empty then. The lock lives on
     * a connection of its own for as long as the work runs (the work commits its own transactions on others), and
     * goes with that connection if this replica dies, so another replica's next try gets it.
     *
     * @throws DependencyUnavailableException when no connection to PostgreSQL can be had
     */
    public <T> Optional<T> whileHolding(String lockName, Supplier<T> work) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(hashtextextended(?, 0))");
             PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(hashtextextended(?, 0))")) {
            connection.setAutoCommit(true);
            lock.setString(1, lockName);
            try (var got = lock.executeQuery()) {
                if (!got.next() || !got.getBoolean(1)) {
                    return Optional.empty();
                }
            }
            try {
                return Optional.of(work.get());
            } finally {
                unlock.setString(1, lockName);
                unlock.executeQuery().close();
            }
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith(CONNECTION_EXCEPTION)) {
                throw new DependencyUnavailableException("database", Duration.ofSeconds(1), e);
            }
            throw new DataAccessException("Holding lock " + lockName + " failed", e);
        }
    }

    /**
     * Lets the caller's transaction commit without waiting for its write-ahead log to reach the disk
     * ({@code synchronous_commit = off}, PostgreSQL docs "Asynchronous Commit"). Only for writes whose loss in a
     * database crash is repaired from rows committed durably before them: a crash then costs at most the last few
     * hundred milliseconds of such writes, never a seat or a charge. Each use says what repairs it.
     */
    public static void relaxCommit(Connection connection) throws SQLException {
        try (PreparedStatement relax = connection.prepareStatement("SELECT set_config('synchronous_commit', 'off', true)")) {
            relax.executeQuery().close();
        }
    }
}
