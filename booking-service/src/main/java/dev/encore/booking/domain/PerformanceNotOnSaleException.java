package dev.encore.booking.domain;

public class PerformanceNotOnSaleException extends RuntimeException {

    public PerformanceNotOnSaleException(long performanceId, String status) {
        super("Performance " + performanceId + " is " + status + ", not on sale");
    }
}
