package dev.encore.common;

import dev.encore.testsupport.LoggedWarnings;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    @Test
    void aDatabaseOutageIsWarnedAboutEvery10sNotOnceARequest() {
        GenericProblemMapper mapper = new GenericProblemMapper();
        RuntimeException down = new IllegalStateException(new SQLException("Connection to 127.0.0.1:5432 refused", "08001"));
        try (LoggedWarnings warnings = LoggedWarnings.capture()) {
            Instant start = Instant.now();
            for (int i = 0; i < 20; i++) {
                assertEquals(503, mapper.unexpected(down).getStatus());
            }
            long tens = Duration.between(start, Instant.now()).toSeconds() / 10;
            List<String> lines = warnings.lines().stream().filter(line -> line.contains("Database unavailable")).toList();
            assertTrue(!lines.isEmpty() && lines.size() <= 1 + tens, () -> lines.size() + " warnings:\n" + String.join("\n", lines));
        }
    }
}
