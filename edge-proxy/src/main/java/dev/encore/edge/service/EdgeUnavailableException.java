package dev.encore.edge.service;

/** Something the edge needs to decide (Redis, catalog, an upstream) did not answer; the caller may retry. */
public class EdgeUnavailableException extends RuntimeException {

    private final long retryAfterSeconds;

    public EdgeUnavailableException(String message, long retryAfterSeconds, Throwable cause) {
        super(message, cause);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
