package dev.encore.catalog.domain;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Everything booking-service needs to draw and price a performance's seat map and to check its sales window
 * ({@code salesOpenAt} inclusive to {@code salesCloseAt} exclusive), in one answer.
 */
// written by hand into the cache and answered as cached JSON text: a native image must see it (and
// PricedSection, nested)
@RegisterForReflection
public record PerformanceLayout(long performanceId, PerformanceStatus status, long venueId, String currency,
                                boolean queueEnabled, int seatCount, List<PricedSection> sections,
                                Instant salesOpenAt, Instant salesCloseAt) {

    public record PricedSection(String name, int rows, int seatsPerRow, BigDecimal price) {
    }

    public static PerformanceLayout of(Performance p) {
        List<PricedSection> sections = p.venue.sections.stream()
                .map(s -> new PricedSection(s.name(), s.rows(), s.seatsPerRow(), p.prices.get(s.name())))
                .toList();
        return new PerformanceLayout(p.id, p.status, p.venue.id, p.currency, p.queueEnabled, p.venue.seatCount, sections,
                p.salesOpenAt, p.salesCloseAt);
    }
}
