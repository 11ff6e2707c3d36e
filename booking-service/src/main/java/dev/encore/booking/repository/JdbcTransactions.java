package dev.encore.booking.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Short transactions in plain JDBC on the pooled connections, outside JPA and JTA, for the statements an on-sale runs
 * once per winner or per booking: a JPA session in a JTA transaction around two statements cost more than the
 * statements. The work may roll back itself; whatever it leaves open is committed, and a failure rolls it back.
 */
@ApplicationScoped
public class JdbcTransactions {

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;

    JdbcTransactions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public <T> T run(String what, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
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
            throw new PersistenceException(what + " failed", e);
        }
    }
}
