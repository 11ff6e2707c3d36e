package dev.encore.common;

import java.time.Instant;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/**
 * The date-times a request may carry: years 1 to 9999, the four-digit years of RFC 3339. Java parses years up to
 * 999,999,999, which neither java.sql.Timestamp nor PostgreSQL can hold (a 500 before this check).
 */
public final class TimestampRange {

    /** What the 400 says about a date-time outside the range (RFC 9457 {@code errors[].message}). */
    public static final String MESSAGE = "must be a date-time from year 1 to 9999";

    private static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private TimestampRange() {
    }

    /** Whether {@code value} (an instant, or anything with a year, e.g. a LocalDate) lies within years 1 to 9999. */
    public static boolean contains(TemporalAccessor value) {
        if (value.isSupported(ChronoField.INSTANT_SECONDS)) {
            Instant instant = Instant.from(value);
            return !instant.isBefore(FIRST) && !instant.isAfter(LAST);
        }
        if (value.isSupported(ChronoField.YEAR)) {
            int year = value.get(ChronoField.YEAR);
            return year >= 1 && year <= 9999;
        }
        return true;
    }
}
