package dev.encore.booking.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "encore.payment")
public interface PaymentConfig {

    enum Provider {
        /** In-process stand-in for local runs and benchmarks. */
        SIMULATED,
        /** The provider's HTTP API at quarkus.rest-client.payment.url. */
        HTTP
    }

    @WithDefault("simulated")
    Provider provider();

    Simulated simulated();

    interface Simulated {

        @WithDefault("PT0S")
        Duration latency();

        /** Share of charges declined, 0 to 1. */
        @WithDefault("0")
        double declineRate();

        /** Share of calls that fail as an unreachable provider would, 0 to 1. */
        @WithDefault("0")
        double failureRate();
    }
}
