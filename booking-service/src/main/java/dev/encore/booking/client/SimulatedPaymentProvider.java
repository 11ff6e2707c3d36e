package dev.encore.booking.client;

import dev.encore.booking.config.PaymentConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A provider in memory, with configurable latency, declines and outages, honouring idempotency keys as a real one
 * does. For local runs and benchmarks; its charges live as long as the process.
 */
@ApplicationScoped
@Typed(SimulatedPaymentProvider.class)
public class SimulatedPaymentProvider implements PaymentProvider {

    private final PaymentConfig.Simulated config;
    private final ConcurrentHashMap<String, Charge> charges = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Refund> refunds = new ConcurrentHashMap<>();

    SimulatedPaymentProvider(PaymentConfig config) {
        this.config = config.simulated();
    }

    @Override
    public Charge charge(String idempotencyKey, BigDecimal amount, String currency) {
        behaveLikeANetwork();
        return charges.computeIfAbsent(idempotencyKey, key -> ThreadLocalRandom.current().nextDouble() < config.declineRate()
                ? new Charge("ch_" + UUID.randomUUID(), false, "card declined (simulated)")
                : new Charge("ch_" + UUID.randomUUID(), true, null));
    }

    @Override
    public Optional<Charge> findCharge(String idempotencyKey) {
        behaveLikeANetwork();
        return Optional.ofNullable(charges.get(idempotencyKey));
    }

    @Override
    public Refund refund(String idempotencyKey, String chargeReference, BigDecimal amount, String currency) {
        behaveLikeANetwork();
        return refunds.computeIfAbsent(idempotencyKey, key -> new Refund("re_" + UUID.randomUUID()));
    }

    private void behaveLikeANetwork() {
        if (!config.latency().isZero()) {
            try {
                Thread.sleep(config.latency().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (ThreadLocalRandom.current().nextDouble() < config.failureRate()) {
            throw new PaymentUnavailableException("simulated provider outage", null);
        }
    }
}
