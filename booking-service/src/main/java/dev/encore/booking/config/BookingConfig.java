package dev.encore.booking.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import java.time.Duration;

@ConfigMapping(prefix = "encore.booking")
public interface BookingConfig {

    /** How long a hold keeps its seats. */
    @WithDefault("PT5M")
    Duration holdTtl();

    /** Seats one hold may take. */
    @WithDefault("4")
    @Min(1)
    @Max(50)
    int maxSeatsPerHold();

    /** Seats one user may hold or own in one performance, holds and bookings together. */
    @WithDefault("4")
    @Min(1)
    @Max(50)
    int maxSeatsPerUser();

    /** How long a performance's status from catalog-service is trusted before a hold asks again. */
    @WithDefault("PT5S")
    Duration statusTtl();

    /** How long a rendered seat map is served before it is rendered again (changes on this replica drop it at once). */
    @WithDefault("PT0.5S")
    Duration seatMapFreshness();

    /** How often each replica polls the seat states of the performances watched on it: the live map's window. */
    @WithDefault("PT0.25S")
    Duration seatEventsInterval();

    /** How often bookings left PENDING (a crash between charge and answer) are settled with the provider. */
    @WithDefault("30s")
    String reconcileInterval();

    /** How often refunds still owed (a cancelled performance's bookings, a charge that bought nothing) are retried. */
    @WithDefault("10s")
    String refundInterval();

    /** How long a booking may stay PENDING before the reconciler asks the provider about it. */
    @WithDefault("PT1M")
    Duration pendingGrace();

    /**
     * How long one actor (the confirm, a retry under its key, the reconciler) drives a PENDING booking before another
     * may, by the database clock; longer than a charge call with all its retries (HttpPaymentProvider: 3 x 2 s).
     */
    @WithDefault("PT30S")
    Duration paymentLease();

    /**
     * How long after a charge was sent the provider may still record it: until then its "no such charge" does not
     * let the reconciler fail the booking.
     */
    @WithDefault("PT1M")
    Duration chargeInFlight();

    /** How often expired HELD claims are marked RELEASED, so that the tables stay small. */
    @WithDefault("30s")
    String sweepInterval();

    /** How many verified access tokens are remembered (each until it expires), so that a repeat caller skips RSA. */
    @WithDefault("20000")
    @Min(0)
    long verifiedTokenCacheSize();

    /** How often each replica checks that Redis still has the seat states, and restores them from PostgreSQL if not. */
    @WithDefault("5s")
    String seatStateCheckInterval();

    /** How often each on-sale performance gets one page of its seat locks compared with PostgreSQL's claims. */
    @WithDefault("15s")
    String seatStateReconcileInterval();

    /** Seats per performance compared in one run of the seat-state reconciliation. */
    @WithDefault("2000")
    @Min(1)
    int seatStateReconcilePage();

    /** How often each replica counts the seats sold twice among the performances on sale (always 0, alerted on). */
    @WithDefault("1m")
    String soldTwiceCheckInterval();
}
