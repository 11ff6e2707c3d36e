package dev.encore.catalog.service;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Collection;

/**
 * Raw Redis access for the catalog cache. A sick Redis must cost a read at most a few hundred milliseconds once,
 * then nothing while the breaker is open: reads go straight to PostgreSQL.
 */
@ApplicationScoped
@Timeout(value = 250, unit = ChronoUnit.MILLIS)
@CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
class RedisJsonCache {

    private final ValueCommands<String, String> values;
    private final KeyCommands<String> keys;

    RedisJsonCache(RedisDataSource redis) {
        this.values = redis.value(String.class);
        this.keys = redis.key(String.class);
    }

    String get(String key) {
        return values.get(key);
    }

    void put(String key, String json, Duration ttl) {
        values.set(key, json, new SetArgs().px(ttl));
    }

    void delete(Collection<String> keysToDelete) {
        if (!keysToDelete.isEmpty()) {
            keys.del(keysToDelete.toArray(String[]::new));
        }
    }

    long increment(String key) {
        return values.incr(key);
    }

    long counter(String key) {
        String value = values.get(key);
        return value == null ? 0 : Long.parseLong(value);
    }
}
