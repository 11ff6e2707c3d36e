package dev.encore.booking.domain;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * catalog-service's answer to GET /internal/performances/{id}/layout: seats, prices and the sales window
 * ({@code salesOpenAt} inclusive to {@code salesCloseAt} exclusive), none of which change once the performance exists,
 * and the status, which does.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PerformanceLayout(long performanceId, String status, long venueId, String currency, boolean queueEnabled,
                                int seatCount, List<PricedSection> sections, Instant salesOpenAt, Instant salesCloseAt) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PricedSection(String name, int rows, int seatsPerRow, BigDecimal price) {
    }

    /**
     * Whether holds may be tried, by this copy: on sale, or scheduled with its opening passed (catalog-service moves
     * the status on its own schedule, seconds later). PostgreSQL's check of the sales window decides.
     */
    public boolean maySell(Instant now) {
        return "ON_SALE".equals(status) || ("SCHEDULED".equals(status) && salesOpenAt != null && !now.isBefore(salesOpenAt));
    }

    /** Every seat id of the layout ({@code A-3-12}), section by section, row by row, in seat-number order. */
    public List<String> seatIds() {
        List<String> ids = new java.util.ArrayList<>(seatCount);
        for (PricedSection section : sections) {
            for (int row = 1; row <= section.rows(); row++) {
                for (int number = 1; number <= section.seatsPerRow(); number++) {
                    ids.add(section.name() + "-" + row + "-" + number);
                }
            }
        }
        return ids;
    }

    public Optional<PricedSection> sectionOf(SeatId seat) {
        return sections.stream()
                .filter(s -> s.name().equals(seat.section()) && seat.row() <= s.rows() && seat.number() <= s.seatsPerRow())
                .findFirst();
    }
}
