package dev.encore.closing.client;

import dev.encore.common.PerformanceChangeChannel;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;

import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Tells the rest of encore about closed performances on encore-common's {@link PerformanceChangeChannel}:
 * catalog-service evicts them from its cache, booking-service forgets their statuses. Each owner keeps its own
 * keys; closing-job only announces.
 */
@ApplicationScoped
@Timeout(value = 1, unit = ChronoUnit.SECONDS)
@CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
public class PerformanceChangeAnnouncer {

    private final RedisDataSource redis;

    PerformanceChangeAnnouncer(RedisDataSource redis) {
        this.redis = redis;
    }

    /** Publishes the ids; fails (Redis unavailable, timeout, open breaker) without retrying. */
    public void closed(List<Long> performanceIds) {
        redis.pubsub(String.class).publish(PerformanceChangeChannel.NAME, PerformanceChangeChannel.payload(performanceIds));
    }
}
