package dev.encore.booking.repository;

import dev.encore.booking.domain.DependencyUnavailableException;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.net.ServerSocket;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A database out of reach is a dependency that is down (503 with when to retry), not a defect (500). */
class JdbcTransactionsTest {

    @Test
    void aDatabaseThatRefusesConnectionsIsUnavailableForASecond() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setServerNames(new String[] {"127.0.0.1"});
        nowhere.setPortNumbers(new int[] {closedPort});
        nowhere.setDatabaseName("encore_booking");
        nowhere.setConnectTimeout(1);

        DependencyUnavailableException refused = assertThrows(DependencyUnavailableException.class,
                () -> new JdbcTransactions(nowhere).run("Reading nothing", connection -> 1));

        assertEquals(Duration.ofSeconds(1), refused.retryAfter());
    }
}
