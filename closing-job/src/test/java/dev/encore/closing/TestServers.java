package dev.encore.closing;

import dev.encore.testsupport.EncoreServersResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * A real encore_catalog with catalog-service's own migrations applied by their owner, and closing-job logging in
 * as encore_closing with only the grants those migrations give it.
 */
@WithTestResource(value = EncoreServersResource.class, scope = TestResourceScope.GLOBAL, initArgs = {
        @ResourceArg(name = "database", value = "encore_catalog"),
        @ResourceArg(name = "service-role", value = "encore_closing"),
        @ResourceArg(name = "service-schema", value = "closing"),
        @ResourceArg(name = "owner-migrations", value = "../catalog-service/src/main/resources/db/migration"),
        @ResourceArg(name = "token-keys", value = "true")})
public final class TestServers {

    private TestServers() {
    }
}
