package dev.encore.booking.domain;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/** catalog-service's answer to GET /internal/performances/{id}/layout. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PerformanceLayout(long performanceId, String status, long venueId, String currency, boolean queueEnabled,
                                int seatCount, List<PricedSection> sections) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PricedSection(String name, int rows, int seatsPerRow, BigDecimal price) {
    }

    public boolean isOnSale() {
        return "ON_SALE".equals(status);
    }

    public Optional<PricedSection> sectionOf(SeatId seat) {
        return sections.stream()
                .filter(s -> s.name().equals(seat.section()) && seat.row() <= s.rows() && seat.number() <= s.seatsPerRow())
                .findFirst();
    }
}
