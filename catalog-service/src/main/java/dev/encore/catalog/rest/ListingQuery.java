package dev.encore.catalog.rest;

import dev.encore.catalog.domain.InvalidCatalogDataException;
import dev.encore.catalog.domain.InvalidCatalogDataException.Violation;
import dev.encore.catalog.domain.PerformanceStatus;
import dev.encore.catalog.repository.PerformanceRepository;
import dev.encore.common.TimestampRange;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The listing's query parameters, parsed so that each bad one is named in the 400: {@code page} from 0 (any int;
 * a page past the last one is empty), {@code size} from 1 to {@code maxSize} (default 20), {@code from} and
 * {@code to} ISO-8601 date-times with offset within {@link TimestampRange}, {@code status} a PerformanceStatus.
 */
record ListingQuery(PerformanceRepository.Filter filter, int page, int size) {

    static ListingQuery parse(String status, String from, String to, String page, String size, int maxSize) {
        List<Violation> violations = new ArrayList<>();
        Optional<PerformanceStatus> parsedStatus = Optional.empty();
        if (status != null && !status.isBlank()) {
            try {
                parsedStatus = Optional.of(PerformanceStatus.valueOf(status.strip()));
            } catch (IllegalArgumentException e) {
                violations.add(new Violation("status", "must be one of " + Arrays.toString(PerformanceStatus.values())));
            }
        }
        Optional<Instant> parsedFrom = instant("from", from, violations);
        Optional<Instant> parsedTo = instant("to", to, violations);
        int parsedPage = integer("page", page, 0, 0, Integer.MAX_VALUE, violations);
        int parsedSize = integer("size", size, 20, 1, maxSize, violations);
        if (!violations.isEmpty()) {
            throw new InvalidCatalogDataException(violations);
        }
        return new ListingQuery(new PerformanceRepository.Filter(parsedStatus, parsedFrom, parsedTo), parsedPage, parsedSize);
    }

    private static Optional<Instant> instant(String name, String value, List<Violation> violations) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        OffsetDateTime parsed;
        try {
            parsed = OffsetDateTime.parse(value.strip());
        } catch (DateTimeParseException e) {
            violations.add(new Violation(name, "must be an ISO-8601 date-time with offset, e.g. 2026-12-31T20:00:00+01:00"));
            return Optional.empty();
        }
        if (!TimestampRange.contains(parsed)) {
            violations.add(new Violation(name, TimestampRange.MESSAGE));
            return Optional.empty();
        }
        return Optional.of(parsed.toInstant());
    }

    private static int integer(String name, String value, int fallback, int min, int max, List<Violation> violations) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        violations.add(new Violation(name, "must be a whole number from " + min + " to " + max));
        return fallback;
    }
}
