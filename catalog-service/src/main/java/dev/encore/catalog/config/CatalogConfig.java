package dev.encore.catalog.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "encore.catalog")
public interface CatalogConfig {

    /** A venue larger than this is refused: beyond it a seat map stops being one response. */
    @WithDefault("100000")
    int maxSeatsPerVenue();

    @WithDefault("100")
    int maxPageSize();

    /** How often scheduled performances whose sales window opened are put on sale (read by SalesOpener). */
    @WithDefault("10s")
    String salesOpenerInterval();

    Cache cache();

    interface Cache {

        /** Off makes every read go to PostgreSQL (for the uncached benchmark). */
        @WithDefault("true")
        boolean enabled();

        /** The longest a performance detail or layout may be served stale if an invalidation is lost. */
        @WithDefault("PT60S")
        Duration detailTtl();

        /** Listings are also invalidated on every change; the TTL bounds a lost invalidation. */
        @WithDefault("PT10S")
        Duration listingTtl();

        /** Listing pages below this number (0-based) are cached; deeper pages are rare and go to PostgreSQL. */
        @WithDefault("1")
        int cachedListingPages();
    }
}
