package dev.encore.catalog.domain;

public class PerformanceStatusConflictException extends RuntimeException {

    public PerformanceStatusConflictException(long id, PerformanceStatus current, PerformanceStatus wanted) {
        super("Performance " + id + " is " + current + " and cannot become " + wanted);
    }
}
