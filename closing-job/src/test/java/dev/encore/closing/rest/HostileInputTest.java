package dev.encore.closing.rest;

import dev.encore.testsupport.HostileInput;
import dev.encore.testsupport.InjectServer;
import dev.encore.testsupport.PostgresServer;
import dev.encore.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/** The hostile-input corpus (test-support's HostileInput) thrown at every endpoint of closing-job. */
@QuarkusTest
class HostileInputTest {

    @InjectServer
    PostgresServer postgres;

    @TestFactory
    Stream<DynamicTest> everyEndpointRefusesHostileInputWithA4xxAndStoresNothing() {
        return HostileInput.probe(() -> postgres.rowCounts("encore_catalog"),
                HostileInput.post("/api/admin/jobs/closing").bearer(TestTokens::admin),
                HostileInput.get("/api/admin/jobs/closing/runs").bearer(TestTokens::admin));
    }
}
