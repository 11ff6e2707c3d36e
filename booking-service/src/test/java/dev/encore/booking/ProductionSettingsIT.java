package dev.encore.booking;

import dev.encore.testsupport.ProductionStartup;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The packaged jar in the prod profile (as its image runs) has no fallback for an address or a credential: started
 * without them it stops and names each one (and no other), instead of reaching for localhost.
 */
class ProductionSettingsIT {

    static final List<String> REQUIRED = List.of(
            "ENCORE_BOOKING_DB_URL", "ENCORE_BOOKING_DB_USER", "ENCORE_BOOKING_DB_PASSWORD", "ENCORE_REDIS_URL",
            "ENCORE_CATALOG_ADDRESSES", "ENCORE_JWKS_URL", "ENCORE_PAYMENT_PROVIDER", "ENCORE_PAYMENT_URL",
            "ENCORE_TICKET_KEY_DIR");

    @Test
    void withoutItsSettingsProductionStopsNamingEachOne() {
        assertEquals(new TreeSet<>(REQUIRED), ProductionStartup.requiredVariables("prod"));
    }
}
