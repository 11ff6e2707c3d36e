package dev.encore.booking.client;

import dev.encore.booking.domain.PerformanceLayout;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.temporal.ChronoUnit;

/** Fetches layouts from catalog-service; a 404 is an answer, anything else a failure to retry and count. */
@ApplicationScoped
public class CatalogClient {

    private final CatalogApi api;

    CatalogClient(@RestClient CatalogApi api) {
        this.api = api;
    }

    // a GET is safe to repeat; the breaker keeps a dead catalog from costing every request its timeout
    @Timeout(value = 1, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 50, jitter = 50, abortOn = NotFound.class)
    @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            skipOn = NotFound.class)
    PerformanceLayout fetch(long performanceId) {
        try {
            return api.layout(performanceId);
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 404) {
                throw new NotFound();
            }
            throw e;
        }
    }

    /** Signals a definite "no such performance", which must neither be retried nor open the breaker. */
    static final class NotFound extends RuntimeException {
        NotFound() {
            super(null, null, false, false);
        }
    }
}
