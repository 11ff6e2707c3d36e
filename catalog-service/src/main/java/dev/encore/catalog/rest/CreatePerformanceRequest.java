package dev.encore.catalog.rest;

import dev.encore.catalog.service.PerformanceService;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;

/** Times must carry an offset: a performance starts at one instant, wherever the caller sits. */
public record CreatePerformanceRequest(
        @NotNull @Positive Long venueId,
        @NotBlank @Size(max = 200) String title,
        @NotNull OffsetDateTime startsAt,
        @NotNull OffsetDateTime endsAt,
        @NotEmpty @Size(max = 200) Map<String, BigDecimal> prices,
        @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR") String currency,
        OffsetDateTime salesOpenAt,
        OffsetDateTime salesCloseAt,
        Boolean queueEnabled) {

    PerformanceService.NewPerformance toNewPerformance() {
        return new PerformanceService.NewPerformance(venueId, title, startsAt.toInstant(), endsAt.toInstant(),
                Optional.ofNullable(salesOpenAt).map(OffsetDateTime::toInstant),
                Optional.ofNullable(salesCloseAt).map(OffsetDateTime::toInstant), prices, Optional.ofNullable(currency),
                Boolean.TRUE.equals(queueEnabled));
    }
}
