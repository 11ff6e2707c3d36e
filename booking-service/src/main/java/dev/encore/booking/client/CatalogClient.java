package dev.encore.booking.client;

import dev.encore.booking.domain.PerformanceLayout;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.temporal.ChronoUnit;

/**
 * Fetches layouts from catalog-service and records sales stops there; a 404 or 409 is an answer, anything else a
 * failure to retry and count.
 */
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

    /**
     * Records a close ({@code cancel} false) or a cancel made in booking-service, with the administrator's bearer
     * header. Both are idempotent in catalog-service, so a lost answer is retried.
     *
     * @throws Conflict when catalog-service holds the other final status (it answered 409)
     */
    @Timeout(value = 2, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 100, jitter = 50, abortOn = {NotFound.class, Conflict.class})
    public void recordSalesStop(long performanceId, boolean cancel, String authorization) {
        try {
            if (cancel) {
                api.cancel(performanceId, authorization);
            } else {
                api.close(performanceId, authorization);
            }
        } catch (WebApplicationException e) {
            switch (e.getResponse().getStatus()) {
                case 404 -> throw new NotFound();
                case 409 -> throw new Conflict();
                default -> throw e;
            }
        }
    }

    /** catalog-service answered 409 to a status change. */
    public static final class Conflict extends RuntimeException {
        Conflict() {
            super(null, null, false, false);
        }
    }

    /** Signals a definite "no such performance", which must neither be retried nor open the breaker. */
    public static final class NotFound extends RuntimeException {
        NotFound() {
            super(null, null, false, false);
        }
    }
}
