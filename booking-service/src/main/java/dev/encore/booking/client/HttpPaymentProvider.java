package dev.encore.booking.client;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.math.BigDecimal;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The real provider over HTTP. Retrying is safe only because the idempotency key travels with every attempt; a
 * bulkhead keeps a slow provider from taking every request thread; the breaker turns a dead one into fast 503s.
 */
@ApplicationScoped
@Typed(HttpPaymentProvider.class)
@Timeout(value = 2, unit = ChronoUnit.SECONDS)
@Retry(maxRetries = 2, delay = 100, jitter = 100, abortOn = WebApplicationException.class)
@CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
        skipOn = WebApplicationException.class)
@Bulkhead(50)
public class HttpPaymentProvider implements PaymentProvider {

    private final PaymentApi api;

    HttpPaymentProvider(@RestClient PaymentApi api) {
        this.api = api;
    }

    @Override
    public Charge charge(String idempotencyKey, BigDecimal amount, String currency) {
        PaymentApi.Result result = call(() -> api.charge(idempotencyKey, new PaymentApi.ChargeRequest(amount, currency)));
        return new Charge(result.reference(), "APPROVED".equals(result.status()), result.reason());
    }

    @Override
    public Optional<Charge> findCharge(String idempotencyKey) {
        try {
            PaymentApi.Result result = api.findCharge(idempotencyKey);
            return Optional.of(new Charge(result.reference(), "APPROVED".equals(result.status()), result.reason()));
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 404) {
                return Optional.empty();
            }
            throw retryable(e);
        }
    }

    @Override
    public Refund refund(String idempotencyKey, String chargeReference, BigDecimal amount, String currency) {
        return new Refund(call(() -> api.refund(idempotencyKey,
                new PaymentApi.RefundRequest(chargeReference, amount, currency))).reference());
    }

    private static PaymentApi.Result call(java.util.function.Supplier<PaymentApi.Result> request) {
        try {
            return request.get();
        } catch (WebApplicationException e) {
            throw retryable(e);
        }
    }

    // a 5xx is the provider failing and worth another attempt; a 4xx is our mistake and final
    private static RuntimeException retryable(WebApplicationException e) {
        if (e.getResponse().getStatus() >= 500) {
            return new PaymentUnavailableException("payment provider answered " + e.getResponse().getStatus(), e);
        }
        return e;
    }
}
