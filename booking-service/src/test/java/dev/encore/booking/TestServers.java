package dev.encore.booking;

import dev.encore.testsupport.EncoreServersResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * Real PostgreSQL (encore_booking, and encore_catalog for the peer), real Redis, and the real catalog-service
 * started from its packaged jar, reached through Stork like in production.
 */
@WithTestResource(value = EncoreServersResource.class, scope = TestResourceScope.GLOBAL, initArgs = {
        @ResourceArg(name = "database", value = "encore_booking"),
        @ResourceArg(name = "token-keys", value = "true"),
        @ResourceArg(name = "peer-catalog", value = "../catalog-service/target/quarkus-app/quarkus-run.jar")})
public final class TestServers {

    private TestServers() {
    }
}
