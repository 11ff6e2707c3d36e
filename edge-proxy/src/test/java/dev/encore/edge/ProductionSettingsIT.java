package dev.encore.edge;

import dev.encore.testsupport.ProductionStartup;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The packaged jar in the prod profile (as its image runs) has no fallback for an address: started without them it
 * stops and names each one (and no other), instead of reaching for localhost. With the k8s profile the upstreams
 * come from the Kubernetes API, so their static lists are not asked for.
 */
class ProductionSettingsIT {

    static final Set<String> DATA_SOURCES = Set.of("ENCORE_REDIS_URL", "ENCORE_JWKS_URL");
    static final Set<String> UPSTREAM_LISTS = Set.of("ENCORE_USER_ADDRESSES", "ENCORE_CATALOG_ADDRESSES",
            "ENCORE_BOOKING_ADDRESSES", "ENCORE_CLOSING_ADDRESSES");

    @Test
    void withoutItsSettingsProductionStopsNamingEachOne() {
        Set<String> required = new TreeSet<>(DATA_SOURCES);
        required.addAll(UPSTREAM_LISTS);
        assertEquals(required, ProductionStartup.requiredVariables("prod"));
    }

    @Test
    void onKubernetesTheUpstreamListsAreNotAskedFor() {
        assertEquals(DATA_SOURCES, ProductionStartup.requiredVariables("prod,k8s"));
    }
}
