package dev.encore.common;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A database out of reach is told apart from a defect wherever JPA, JTA or the pool wrapped the driver's exception:
 * the first is answered 503 with when to retry, the second 500.
 */
class GenericProblemMapperTest {

    @Test
    void aRefusedOrLostConnectionOrAnEmptyPoolIsTheDatabaseOutOfReach() {
        // what Hibernate throws when PostgreSQL refuses the connection: JDBCConnectionException around the driver's
        assertTrue(GenericProblemMapper.databaseUnreachable(new IllegalStateException("could not open connection",
                new SQLException("Connection to 127.0.0.1:5432 refused", "08001"))));
        assertTrue(GenericProblemMapper.databaseUnreachable(new RuntimeException(new RuntimeException(
                new SQLException("An I/O error occurred while sending to the backend", "08006")))));
        assertTrue(GenericProblemMapper.databaseUnreachable(new RuntimeException(
                new SQLException("Sorry, acquisition timeout!"))));
    }

    @Test
    void aStatementPostgresqlRefusedIsADefectNotAnOutage() {
        assertFalse(GenericProblemMapper.databaseUnreachable(new RuntimeException(
                new SQLException("syntax error at or near \"FROM\"", "42601"))));
        assertFalse(GenericProblemMapper.databaseUnreachable(new IllegalStateException("no SQL here")));
    }
}
