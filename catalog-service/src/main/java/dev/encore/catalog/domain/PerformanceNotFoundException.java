package dev.encore.catalog.domain;

public class PerformanceNotFoundException extends RuntimeException {

    public PerformanceNotFoundException(long id) {
        super("No performance " + id);
    }
}
