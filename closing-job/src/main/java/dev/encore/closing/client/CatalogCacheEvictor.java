package dev.encore.closing.client;

import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Tells the rest of encore about closed performances, through Redis: deletes catalog-service's cached details
 * and layouts ({@code catalog:performance:<id>}, {@code catalog:layout:<id>}), retires its cached listings
 * ({@code INCR catalog:listing:generation}), and announces the ids on {@code encore:performance-changes} for
 * booking-service. The key names are catalog-service's contract (see its README).
 */
@ApplicationScoped
@Timeout(value = 1, unit = ChronoUnit.SECONDS)
@CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
public class CatalogCacheEvictor {

    static final String CHANNEL = "encore:performance-changes";

    private final RedisDataSource redis;

    CatalogCacheEvictor(RedisDataSource redis) {
        this.redis = redis;
    }

    public void closed(List<Long> performanceIds) {
        List<String> keys = new ArrayList<>(performanceIds.size() * 2);
        for (Long id : performanceIds) {
            keys.add("catalog:performance:" + id);
            keys.add("catalog:layout:" + id);
        }
        redis.key(String.class).del(keys.toArray(String[]::new));
        redis.value(String.class).incr("catalog:listing:generation");
        redis.pubsub(String.class).publish(CHANNEL, performanceIds.stream().map(String::valueOf).collect(Collectors.joining(",")));
    }
}
