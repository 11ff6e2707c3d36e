package dev.encore.edge;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** One real stack for every edge test: the peers take longer to start than the tests take to run. */
@WithTestResource(value = EncoreStackResource.class, scope = TestResourceScope.GLOBAL)
public final class TestStack {

    private TestStack() {
    }
}
