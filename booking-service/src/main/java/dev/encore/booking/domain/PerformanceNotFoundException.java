package dev.encore.booking.domain;

public class PerformanceNotFoundException extends RuntimeException {

    public PerformanceNotFoundException(long performanceId) {
        super("No performance " + performanceId);
    }
}
