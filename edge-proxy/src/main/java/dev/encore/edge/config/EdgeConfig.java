package dev.encore.edge.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithDefaults;

import java.time.Duration;
import java.util.Map;

@ConfigMapping(prefix = "encore.edge")
public interface EdgeConfig {

    /** Per upstream, keyed by its Stork service name. */
    @WithDefaults
    Map<String, Upstream> upstreams();

    /** Per rate-limited route (login, sign-up, refresh, holds, bookings). */
    Map<String, RateLimit> rateLimits();

    /**
     * How long this replica decides a caller's requests from what Redis last said about it (its token not revoked,
     * how full its rate-limit buckets were) before asking Redis again: the bound on how late a revocation is seen,
     * and with N replicas on a burst's overshoot (see RateLimiter). 0 asks Redis on every request.
     */
    @WithDefault("250ms")
    Duration localCheckTtl();

    /** Access tokens whose signature was verified, remembered until they expire (0 turns the cache off). */
    @WithDefault("20000")
    int verifiedTokenCacheSize();

    /** Largest request body the edge reads itself (hold requests, to find the performance). */
    @WithDefault("65536")
    int maxInspectedBodyBytes();

    /** Pooled keep-alive connections to each upstream instance. */
    @WithDefault("256")
    int connectionsPerUpstream();

    /**
     * Connections to each upstream instance for streams (Server-Sent Events), per event loop: each open stream holds
     * one for its whole life.
     */
    @WithDefault("20000")
    int streamConnectionsPerUpstream();

    /** How long a stream may stay silent before the edge drops it (booking-service sends a comment every 5 s). */
    @WithDefault("30s")
    Duration streamIdleTimeout();

    WaitingRoom waitingRoom();

    interface Upstream {

        /** Longest wait for the upstream's response to start (and between two chunks of it). */
        @WithDefault("5s")
        Duration timeout();

        @WithDefault("1s")
        Duration connectTimeout();

        Breaker breaker();
    }

    interface Breaker {

        /** Calls in the rolling window the failure ratio is judged over. */
        @WithDefault("20")
        int requestVolume();

        @WithDefault("0.5")
        double failureRatio();

        /** How long the breaker stays open before letting a trial call through. */
        @WithDefault("5s")
        Duration delay();
    }

    interface RateLimit {

        /** Requests allowed in a burst. */
        @WithDefault("10")
        int capacity();

        /** Requests added back per second. */
        @WithDefault("1")
        double refillPerSecond();
    }

    interface WaitingRoom {

        /**
         * Fans let in at once when sales open; also the most an idle room can save up: admission never runs more
         * than this many numbers ahead of the numbers given, so a flood long after opening still queues.
         */
        @WithDefault("100")
        int initialBatch();

        /** Fans let in per second after that (more than 0). */
        @WithDefault("20")
        double admitPerSecond();

        /** How long a pass stays valid once given. */
        @WithDefault("PT15M")
        Duration passTtl();

        /** How long the edge trusts catalog's word on whether a performance queues and when its sales open. */
        @WithDefault("PT5S")
        Duration settingsTtl();

        /** How long a queue is kept in Redis after its last join (or after opening, for joins before it). */
        @WithDefault("PT24H")
        Duration queueTtl();
    }
}
