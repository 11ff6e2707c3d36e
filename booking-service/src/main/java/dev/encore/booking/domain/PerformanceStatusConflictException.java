package dev.encore.booking.domain;

/** Closing a cancelled performance, or cancelling a closed one: 409 {@code urn:encore:problem:performance-status-conflict}. */
public class PerformanceStatusConflictException extends RuntimeException {

    public PerformanceStatusConflictException(long performanceId, String current, String wanted) {
        super("Performance " + performanceId + " is " + current + " and cannot become " + wanted);
    }
}
