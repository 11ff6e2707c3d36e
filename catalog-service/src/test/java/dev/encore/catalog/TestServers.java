package dev.encore.catalog;

import dev.encore.testsupport.EncoreServersResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** Every test of this module runs against one real PostgreSQL (encore_catalog) and one real Redis. */
@WithTestResource(value = EncoreServersResource.class, scope = TestResourceScope.GLOBAL, initArgs = {
        @ResourceArg(name = "database", value = "encore_catalog"),
        @ResourceArg(name = "token-keys", value = "true")})
public final class TestServers {

    private TestServers() {
    }
}
