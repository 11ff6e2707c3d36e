package dev.encore.edge.service;

import dev.encore.common.RedisScript;
import dev.encore.edge.client.LoopLocalRedis;
import dev.encore.edge.config.EdgeConfig;
import io.vertx.core.Future;
import io.vertx.redis.client.Response;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Token buckets in Redis, one per limit and caller, taken in one script call so that every edge replica shares
 * them. Limits are named in {@code encore.edge.rate-limits.<name>}; a name without settings is not limited. The same
 * call can first look for veto keys (a caller's revocations), so that a request with a token costs the edge one
 * round trip to Redis, not one per check.
 */
@Singleton
public class RateLimiter {

    /** What the script found: the request may pass, or a veto key exists (nothing was taken then). */
    public enum Verdict { PASSED, VETOED }

    // KEYS: ARGV[1] veto keys, then the bucket when ARGV[2] is not empty. Answers -1 for a veto, else the
    // milliseconds until the bucket has a token again (0: one was taken). Tokens refill continuously from the
    // time of the last take; the bucket expires once it would be full again.
    private static final RedisScript TAKE = new RedisScript("""
            local vetoes = tonumber(ARGV[1])
            if vetoes > 0 and redis.call('EXISTS', unpack(KEYS, 1, vetoes)) > 0 then
              return -1
            end
            if ARGV[2] == '' then
              return 0
            end
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local capacity = tonumber(ARGV[2])
            local perMs = tonumber(ARGV[3]) / 1000
            local key = KEYS[vetoes + 1]
            local bucket = redis.call('HMGET', key, 'tokens', 'at')
            local tokens = tonumber(bucket[1]) or capacity
            local at = tonumber(bucket[2]) or now
            tokens = math.min(capacity, tokens + math.max(0, now - at) * perMs)
            local waitMs = 0
            if tokens >= 1 then
              tokens = tokens - 1
            else
              waitMs = math.ceil((1 - tokens) / perMs)
            end
            redis.call('HSET', key, 'tokens', tostring(tokens), 'at', now)
            redis.call('PEXPIRE', key, math.ceil(capacity / perMs) + 1000)
            return waitMs
            """);

    private final LoopLocalRedis redis;
    private final EdgeConfig config;

    RateLimiter(LoopLocalRedis redis, EdgeConfig config) {
        this.redis = redis;
        this.config = config;
    }

    /** Takes one request from {@code subject}'s bucket for {@code limit}; fails with {@link RateLimitedException}. */
    public Future<Void> take(String limit, String subject) {
        return takeUnlessVetoed(Optional.of(limit), subject, List.of()).mapEmpty();
    }

    /**
     * Vetoed when one of {@code vetoKeys} exists; otherwise takes one request from {@code subject}'s bucket for
     * {@code limit}, if any, failing with {@link RateLimitedException} when it is empty. The veto keys must carry
     * {@code {subject}} as their hash tag, so that the script runs on Redis Cluster too.
     */
    public Future<Verdict> takeUnlessVetoed(Optional<String> limit, String subject, List<String> vetoKeys) {
        Optional<EdgeConfig.RateLimit> settings = limit.map(name -> config.rateLimits().get(name));
        if (settings.isEmpty() && vetoKeys.isEmpty()) {
            return Future.succeededFuture(Verdict.PASSED);
        }
        List<String> args = new ArrayList<>(List.of(String.valueOf(vetoKeys.size() + (settings.isPresent() ? 1 : 0))));
        args.addAll(vetoKeys);
        // the hash tag keeps one caller's bucket (and its veto keys) on one Redis Cluster slot
        settings.ifPresent(ignored -> args.add("edge:ratelimit:" + limit.orElseThrow() + ":{" + subject + "}"));
        args.add(String.valueOf(vetoKeys.size()));
        args.add(settings.map(s -> String.valueOf(s.capacity())).orElse(""));
        args.add(settings.map(s -> String.valueOf(s.refillPerSecond())).orElse(""));
        return redis.run(TAKE, args.toArray(String[]::new))
                .map(Response::toLong)
                .map(answer -> {
                    if (answer < 0) {
                        return Verdict.VETOED;
                    }
                    if (answer > 0) {
                        throw new RateLimitedException(limit.orElseThrow(), Math.max(1, (answer + 999) / 1000));
                    }
                    return Verdict.PASSED;
                });
    }
}
