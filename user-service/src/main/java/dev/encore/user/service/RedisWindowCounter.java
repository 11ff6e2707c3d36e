package dev.encore.user.service;

import dev.encore.common.RedisScript;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

// login must not wait on a sick Redis: a short timeout, then the breaker keeps later logins off it
@ApplicationScoped
@Timeout(value = 300, unit = ChronoUnit.MILLIS)
@CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
class RedisWindowCounter implements WindowCounter {

    // one round trip, and the expiry is set only by the event that opens the window
    private static final RedisScript INCREMENT = new RedisScript("""
            local n = redis.call('INCR', KEYS[1])
            if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            return {n, redis.call('PTTL', KEYS[1])}
            """);
    private static final RedisScript CURRENT = new RedisScript("""
            local n = redis.call('GET', KEYS[1])
            if not n then return {0, 0} end
            return {tonumber(n), redis.call('PTTL', KEYS[1])}
            """);

    private final RedisDataSource redis;

    RedisWindowCounter(RedisDataSource redis) {
        this.redis = redis;
    }

    @Override
    public WindowCount increment(String key, Duration window) {
        return toCount(INCREMENT.run(redis, "1", key, String.valueOf(window.toMillis())));
    }

    @Override
    public WindowCount current(String key) {
        return toCount(CURRENT.run(redis, "1", key));
    }

    @Override
    public void reset(String key) {
        redis.key(String.class).del(key);
    }

    private static WindowCount toCount(Response reply) {
        return new WindowCount(reply.get(0).toLong(), Duration.ofMillis(Math.max(0, reply.get(1).toLong())));
    }
}
