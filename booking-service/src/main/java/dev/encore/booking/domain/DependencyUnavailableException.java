package dev.encore.booking.domain;

import java.time.Duration;

/** Redis or catalog-service cannot answer in time: the caller gets 503 and when to retry, never a hang. */
public class DependencyUnavailableException extends RuntimeException {

    private final Duration retryAfter;

    public DependencyUnavailableException(String dependency, Duration retryAfter, Throwable cause) {
        super(dependency + " is unavailable; retry shortly", cause);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
