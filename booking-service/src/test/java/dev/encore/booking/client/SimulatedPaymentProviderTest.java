package dev.encore.booking.client;

import dev.encore.booking.config.PaymentConfig;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatedPaymentProviderTest {

    @Test
    void oneChargePerKeyHoweverOftenItIsSent() {
        SimulatedPaymentProvider provider = provider(0, 0);
        PaymentProvider.Charge first = provider.charge("k1", BigDecimal.TEN, "EUR");
        assertEquals(first, provider.charge("k1", BigDecimal.TEN, "EUR"));
        assertEquals(first, provider.findCharge("k1").orElseThrow());
        assertTrue(provider.findCharge("k2").isEmpty());
    }

    @Test
    void declinesAndOutagesFollowTheirRates() {
        assertFalse(provider(1, 0).charge("k", BigDecimal.ONE, "EUR").approved());
        assertThrows(PaymentUnavailableException.class, () -> provider(0, 1).charge("k", BigDecimal.ONE, "EUR"));
    }

    private static SimulatedPaymentProvider provider(double declineRate, double failureRate) {
        return new SimulatedPaymentProvider(new PaymentConfig() {
            @Override
            public Provider provider() {
                return Provider.SIMULATED;
            }

            @Override
            public Simulated simulated() {
                return new Simulated() {
                    @Override
                    public Duration latency() {
                        return Duration.ZERO;
                    }

                    @Override
                    public double declineRate() {
                        return declineRate;
                    }

                    @Override
                    public double failureRate() {
                        return failureRate;
                    }
                };
            }
        });
    }
}
