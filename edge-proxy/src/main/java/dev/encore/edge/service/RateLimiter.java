package dev.encore.edge.service;

import dev.encore.common.RedisScript;
import dev.encore.edge.client.LoopLocalRedis;
import dev.encore.edge.config.EdgeConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Response;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets shared by every edge replica through Redis, one per limit and subject (a user, or a client address
 * on public routes), and the veto check (a caller's revocations) made in the same script call.
 * <p>
 * Redis holds each bucket; a replica keeps a local view of it. A request whose views are fresh (what Redis said
 * less than {@code encore.edge.local-check-ttl} ago, 250 ms) is decided here, with no call to Redis: it takes a
 * token from the local view, which refills at the bucket's rate, and its take is counted as owed to Redis. Any
 * other request calls Redis, which first checks the veto keys, then takes what this replica owes and the request's
 * own token, and answers how full the bucket is; that answer is the new local view. A view nobody uses goes; what
 * it still owed is sent first, every {@code local-check-ttl}.
 * <p>
 * What this costs in accuracy, and nothing else (documented in docs/architecture.md, tested in
 * RateLimiterReplicasTest): with one replica a bucket is exact. With N replicas a subject can pass at most
 * (N − 1) × (capacity + refill × ttl) requests more than its bucket in one burst, each replica spending the tokens
 * Redis last showed it; what was overspent is owed (Redis' bucket goes below zero, and every replica refuses until it
 * is paid back), so over any longer span the refill rate holds. A veto key (a revocation) written to Redis is seen
 * by a replica at most {@code local-check-ttl} later: on every request of a token the replica has not checked within
 * that time, and on every request of a session whose logout passed this replica ({@link #endSession}).
 */
@Singleton
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);

    /** What the check found: the request may pass, or a veto key exists (nothing was taken then). */
    public enum Verdict { PASSED, VETOED }

    /**
     * Keys whose existence refuses a request, and under which a passed check is remembered.
     *
     * @param id      the checked thing (an access token's id); a passed check counts for every request of it
     * @param session the session it belongs to: a logout forgets every check of its session ({@link #endSession})
     * @param keys    the keys, tagged with the subject's hash tag so that the script runs on Redis Cluster too
     */
    public record Veto(String id, String session, List<String> keys) {
    }

    // KEYS: ARGV[1] veto keys, then the bucket when ARGV[2] is not empty. ARGV[4] tokens owed (taken on a replica
    // since its last call), ARGV[5] '1' when the request itself takes one. Answers {-1} for a veto (nothing taken),
    // else {milliseconds until the bucket has a token again (0: the request got one, or took none), the tokens
    // left, which go below zero when replicas overspent}. Tokens refill continuously from the time of the last
    // take; the bucket expires once it would be full again.
    private static final RedisScript TAKE = new RedisScript("""
            local vetoes = tonumber(ARGV[1])
            if vetoes > 0 and redis.call('EXISTS', unpack(KEYS, 1, vetoes)) > 0 then
              return {-1}
            end
            if ARGV[2] == '' then
              return {0, ''}
            end
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local capacity = tonumber(ARGV[2])
            local perMs = tonumber(ARGV[3]) / 1000
            local key = KEYS[vetoes + 1]
            local bucket = redis.call('HMGET', key, 'tokens', 'at')
            local tokens = tonumber(bucket[1]) or capacity
            local at = tonumber(bucket[2]) or now
            tokens = math.min(capacity, tokens + math.max(0, now - at) * perMs) - tonumber(ARGV[4])
            local waitMs = 0
            if ARGV[5] == '1' then
              if tokens >= 1 then
                tokens = tokens - 1
              else
                waitMs = math.ceil((1 - tokens) / perMs)
              end
            end
            redis.call('HSET', key, 'tokens', tostring(tokens), 'at', now)
            redis.call('PEXPIRE', key, math.ceil((capacity - tokens) / perMs) + 1000)
            return {waitMs, tostring(tokens)}
            """);

    private final LoopLocalRedis redis;
    private final EdgeConfig config;
    private final long ttlNanos;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Map<String, PassedCheck> passedChecks = new ConcurrentHashMap<>();
    private final Map<String, Long> endingSessions = new ConcurrentHashMap<>();
    private final Vertx vertx;
    private final long timer;

    RateLimiter(LoopLocalRedis redis, EdgeConfig config, Vertx vertx) {
        this.redis = redis;
        this.config = config;
        this.vertx = vertx;
        this.ttlNanos = config.localCheckTtl().toNanos();
        this.timer = ttlNanos > 0 ? vertx.setPeriodic(Math.max(1, config.localCheckTtl().toMillis()), id -> sweep()) : -1;
    }

    /** Takes one request from {@code subject}'s bucket for {@code limit}; fails with {@link RateLimitedException}. */
    public Future<Void> take(String limit, String subject) {
        return takeUnlessVetoed(Optional.of(limit), subject, Optional.empty()).mapEmpty();
    }

    /**
     * Vetoed when one of the veto's keys exists; otherwise takes one request from {@code subject}'s bucket for
     * {@code limit}, if any, failing with {@link RateLimitedException} when it is empty. Fails as the Redis call
     * fails when one was needed.
     */
    public Future<Verdict> takeUnlessVetoed(Optional<String> limit, String subject, Optional<Veto> veto) {
        Optional<EdgeConfig.RateLimit> settings = limit.map(name -> config.rateLimits().get(name));
        if (settings.isEmpty() && veto.isEmpty()) {
            return Future.succeededFuture(Verdict.PASSED);
        }
        long now = System.nanoTime();
        String key = settings.map(ignored -> "edge:ratelimit:" + limit.orElseThrow() + ":{" + subject + "}").orElse(null);
        // without a ttl nothing is kept: every request asks Redis
        Bucket bucket = key == null ? null
                : ttlNanos == 0 ? new Bucket(settings.orElseThrow())
                : buckets.computeIfAbsent(key, k -> new Bucket(settings.orElseThrow()));
        if (veto.map(v -> checkedRecently(v, now)).orElse(true)) {
            Bucket.Take local = bucket == null ? Bucket.Take.PASSED : bucket.takeLocally(now, ttlNanos);
            if (local == Bucket.Take.PASSED) {
                return Future.succeededFuture(Verdict.PASSED);
            }
            if (local == Bucket.Take.REFUSED) {
                return Future.failedFuture(new RateLimitedException(limit.orElseThrow(), bucket.secondsUntilToken(now)));
            }
        }
        return call(key, bucket, veto, true, now).map(answer -> {
            if (answer.vetoed()) {
                return Verdict.VETOED;
            }
            veto.filter(v -> ttlNanos > 0 && !endingSessions.containsKey(v.session()))
                    .ifPresent(v -> passedChecks.put(v.id(), new PassedCheck(v.session(), now)));
            if (answer.waitMillis() > 0) {
                throw new RateLimitedException(limit.orElseThrow(), Math.max(1, (answer.waitMillis() + 999) / 1000));
            }
            return Verdict.PASSED;
        });
    }

    /**
     * Forgets every passed check of {@code session} and makes each of its requests ask Redis for {@code forMillis}:
     * called as its logout passes this replica, so that the next request after the logout's answer is refused here
     * however recently its token was checked.
     */
    public void endSession(String session, long forMillis) {
        if (ttlNanos == 0) {
            return;
        }
        endingSessions.put(session, System.nanoTime() + forMillis * 1_000_000);
        passedChecks.values().removeIf(check -> check.session().equals(session));
    }

    private boolean checkedRecently(Veto veto, long now) {
        if (ttlNanos == 0 || endingSessions.containsKey(veto.session())) {
            return false;
        }
        PassedCheck check = passedChecks.get(veto.id());
        return check != null && now - check.atNanos() < ttlNanos;
    }

    /** One script call: the vetoes, what {@code bucket} owes, and the request's token when {@code takesOne}. */
    private Future<Answer> call(String key, Bucket bucket, Optional<Veto> veto, boolean takesOne, long sentAt) {
        List<String> vetoKeys = veto.map(Veto::keys).orElse(List.of());
        List<String> args = new ArrayList<>(vetoKeys.size() + 6);
        args.add(String.valueOf(vetoKeys.size() + (bucket != null ? 1 : 0)));
        args.addAll(vetoKeys);
        if (bucket != null) {
            // the hash tag keeps one caller's bucket (and its veto keys) on one Redis Cluster slot
            args.add(key);
        }
        long owed = bucket == null ? 0 : bucket.drainOwed();
        args.add(String.valueOf(vetoKeys.size()));
        args.add(bucket == null ? "" : String.valueOf(bucket.settings.capacity()));
        args.add(bucket == null ? "" : String.valueOf(bucket.settings.refillPerSecond()));
        args.add(String.valueOf(owed));
        args.add(takesOne ? "1" : "0");
        return redis.run(TAKE, args.toArray(String[]::new))
                .map(response -> {
                    long first = response.get(0).toLong();
                    if (first < 0) {
                        // a vetoed call took nothing: what was owed is owed still
                        Optional.ofNullable(bucket).ifPresent(b -> b.owe(owed));
                        return new Answer(true, 0);
                    }
                    Optional.ofNullable(bucket).ifPresent(b -> b.synced(Double.parseDouble(response.get(1).toString()), sentAt));
                    return new Answer(false, first);
                })
                .onFailure(failure -> Optional.ofNullable(bucket).ifPresent(b -> b.owe(owed)));
    }

    // every ttl: what idle views owe goes to Redis, stale views and checks go
    private void sweep() {
        long now = System.nanoTime();
        buckets.forEach((key, bucket) -> {
            switch (bucket.sweep(now, ttlNanos)) {
                case OWES -> call(key, bucket, Optional.empty(), false, now).onFailure(failure ->
                        LOG.debugf("Rate limit bucket %s not synced, retried in %d ms: %s", key,
                                config.localCheckTtl().toMillis(), failure.toString()));
                case STALE -> buckets.remove(key, bucket);
                case FRESH -> { }
            }
        });
        passedChecks.values().removeIf(check -> now - check.atNanos() >= ttlNanos);
        endingSessions.values().removeIf(until -> now - until >= 0);
    }

    @PreDestroy
    void close() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private record Answer(boolean vetoed, long waitMillis) {
    }

    private record PassedCheck(String session, long atNanos) {
    }

    /** This replica's view of one bucket in Redis: its tokens as Redis last said, refilled since, less what it took. */
    private static final class Bucket {

        enum Take { PASSED, REFUSED, ASK_REDIS }

        enum Sweep { FRESH, OWES, STALE }

        final EdgeConfig.RateLimit settings;
        private double tokens;
        private long refilledAt;
        private long syncedAt;
        private boolean synced;
        private long owed;
        private boolean syncing;

        Bucket(EdgeConfig.RateLimit settings) {
            this.settings = settings;
        }

        synchronized Take takeLocally(long now, long ttlNanos) {
            if (!synced || now - syncedAt >= ttlNanos) {
                return Take.ASK_REDIS;
            }
            refill(now);
            if (tokens < 1) {
                return Take.REFUSED;
            }
            tokens--;
            owed++;
            return Take.PASSED;
        }

        synchronized long secondsUntilToken(long now) {
            refill(now);
            return Math.max(1, (long) Math.ceil((1 - tokens) / settings.refillPerSecond()));
        }

        synchronized long drainOwed() {
            long drained = owed;
            owed = 0;
            syncing = true;
            return drained;
        }

        synchronized void owe(long count) {
            owed += count;
            syncing = false;
        }

        // Redis' count when the call was sent, less what this replica took while it was under way
        synchronized void synced(double redisTokens, long sentAt) {
            tokens = redisTokens - owed;
            refilledAt = sentAt;
            syncedAt = sentAt;
            synced = true;
            syncing = false;
        }

        synchronized Sweep sweep(long now, long ttlNanos) {
            if (syncing || (synced && now - syncedAt < ttlNanos)) {
                return Sweep.FRESH;
            }
            if (owed > 0) {
                syncing = true;
                return Sweep.OWES;
            }
            return Sweep.STALE;
        }

        private void refill(long now) {
            tokens = Math.min(settings.capacity(), tokens + (now - refilledAt) / 1e9 * settings.refillPerSecond());
            refilledAt = now;
        }
    }
}
