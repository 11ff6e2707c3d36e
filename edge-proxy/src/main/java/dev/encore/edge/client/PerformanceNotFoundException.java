package dev.encore.edge.client;

/** catalog-service knows no such performance. */
public class PerformanceNotFoundException extends RuntimeException {

    public PerformanceNotFoundException(long performanceId) {
        super("Performance " + performanceId + " does not exist", null, false, false);
    }
}
