package dev.encore.edge.service;

import dev.encore.edge.config.EdgeConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Token buckets in Redis, one per limit and caller, taken in one script call so that every edge replica shares
 * them. Limits are named in {@code encore.edge.rate-limits.<name>}; a name without settings is not limited.
 */
@ApplicationScoped
public class RateLimiter {

    // tokens refill continuously from the time of the last take; the bucket expires once it would be full again
    private static final String TAKE = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local capacity = tonumber(ARGV[1])
            local perMs = tonumber(ARGV[2]) / 1000
            local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
            local tokens = tonumber(bucket[1]) or capacity
            local at = tonumber(bucket[2]) or now
            tokens = math.min(capacity, tokens + math.max(0, now - at) * perMs)
            local waitMs = 0
            if tokens >= 1 then
              tokens = tokens - 1
            else
              waitMs = math.ceil((1 - tokens) / perMs)
            end
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
            redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / perMs) + 1000)
            return waitMs
            """;

    private final ReactiveRedisDataSource redis;
    private final EdgeConfig config;

    RateLimiter(ReactiveRedisDataSource redis, EdgeConfig config) {
        this.redis = redis;
        this.config = config;
    }

    /** Takes one request from {@code subject}'s bucket for {@code limit}; fails with {@link RateLimitedException}. */
    public Uni<Void> take(String limit, String subject) {
        EdgeConfig.RateLimit settings = config.rateLimits().get(limit);
        if (settings == null) {
            return Uni.createFrom().voidItem();
        }
        // the hash tag keeps one caller's bucket on one Redis Cluster slot
        String key = "edge:ratelimit:" + limit + ":{" + subject + "}";
        return redis.execute("EVAL", TAKE, "1", key, String.valueOf(settings.capacity()),
                        String.valueOf(settings.refillPerSecond()))
                .map(Response::toLong)
                .invoke(waitMs -> {
                    if (waitMs > 0) {
                        throw new RateLimitedException(limit, Math.max(1, (waitMs + 999) / 1000));
                    }
                })
                .replaceWithVoid();
    }
}
