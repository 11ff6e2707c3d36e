package dev.encore.booking.domain;

public class PerformanceAlreadyClosedException extends RuntimeException {

    public PerformanceAlreadyClosedException(long performanceId) {
        super("Performance " + performanceId + " is closed: its bookings can no longer be cancelled");
    }
}
