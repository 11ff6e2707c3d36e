package dev.encore.booking.service;

import dev.encore.booking.domain.DependencyUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * A call to the payment provider as confirmation and cancellation make it: a provider that cannot be reached (time
 * out, breaker open, connection refused) becomes {@link DependencyUnavailableException} (503 with when to retry:
 * 5 s while the breaker is open, 500 ms otherwise) and is counted as {@code encore.bookings{outcome=provider-unavailable}};
 * an HTTP answer the provider gave passes as it is.
 */
@ApplicationScoped
public class PaymentCalls {

    private final MeterRegistry registry;

    PaymentCalls(MeterRegistry registry) {
        this.registry = registry;
    }

    public <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (WebApplicationException e) {
            throw e;
        } catch (RuntimeException e) {
            registry.counter("encore.bookings", "outcome", "provider-unavailable").increment();
            // an open breaker will not let a call through for its whole delay: say so
            Duration retryAfter = e instanceof CircuitBreakerOpenException ? Duration.ofSeconds(5) : Duration.ofMillis(500);
            throw new DependencyUnavailableException("payment provider", retryAfter, e);
        }
    }
}
