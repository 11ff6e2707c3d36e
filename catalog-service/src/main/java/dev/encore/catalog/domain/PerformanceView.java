package dev.encore.catalog.domain;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/** The public shape of a performance, in details and listings alike. */
// written by hand into the cache (PerformanceService) and answered as cached JSON text: a native image must
// see it (and VenueRef, nested)
@RegisterForReflection
public record PerformanceView(long id, String title, VenueRef venue, Instant startsAt, Instant endsAt,
                              Instant salesOpenAt, Instant salesCloseAt, PerformanceStatus status, Map<String, BigDecimal> prices,
                              String currency, boolean queueEnabled) {

    public record VenueRef(long id, String name) {
    }

    public static PerformanceView of(Performance p) {
        return new PerformanceView(p.id, p.title, new VenueRef(p.venue.id, p.venue.name), p.startsAt, p.endsAt,
                p.salesOpenAt, p.salesCloseAt, p.status, p.prices, p.currency, p.queueEnabled);
    }
}
