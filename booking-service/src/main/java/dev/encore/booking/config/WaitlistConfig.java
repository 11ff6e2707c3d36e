package dev.encore.booking.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** The waiting list's offers, and the webhooks that tell the waiters' notifier about them (docs/api.md: waiting list). */
@ConfigMapping(prefix = "encore.waitlist")
public interface WaitlistConfig {

    /** How long an offer's hold keeps its seats for the waiter before the offer passes to the next one. */
    @WithDefault("PT10M")
    Duration offerTtl();

    /** How often each replica runs the offer round: seats freed by a hold's expiry reach the waiters within this. */
    @WithDefault("1s")
    String offerInterval();

    /** The webhooks: where, signed with what, retried how. */
    Webhooks webhooks();

    interface Webhooks {

        /** The receiver's URL (HTTP POST); without one, notifications stay in the outbox until their retention ends. */
        Optional<URI> url();

        /**
         * The signing secret, base64 (Standard Webhooks' {@code whsec_} prefix allowed), at least 24 bytes; required
         * with a URL. Never in a file of this repository: ENCORE_WEBHOOK_SECRET.
         */
        Optional<String> secret();

        /** How often each replica sends the notifications due. */
        @WithDefault("1s")
        String interval();

        /** Deliveries tried before a notification is given up (logged and counted); the waits double from 1 s to 10 min. */
        @WithDefault("12")
        @Min(1)
        @Max(50)
        int maxAttempts();

        /** One delivery's time limit, connection and answer together. */
        @WithDefault("PT5S")
        Duration timeout();

        /** How long delivered and given-up notifications are kept. */
        @WithDefault("P7D")
        Duration retention();
    }
}
