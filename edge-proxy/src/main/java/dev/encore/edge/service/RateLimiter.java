package dev.encore.edge.service;

import dev.encore.common.RedisScript;
import dev.encore.edge.client.LoopLocalRedis;
import dev.encore.edge.config.EdgeConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Response;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Token buckets shared by every edge replica through Redis, one per limit and subject (a user, or a client address
 * on public routes), and the veto check (a caller's revocations) made in the same script call.
 * <p>
 * Redis holds each bucket; a replica keeps a local view of it. A request whose views are fresh (what Redis said
 * less than {@code encore.edge.local-check-ttl} ago, 250 ms) is decided here, with no call to Redis: it takes a
 * token from the local view, which refills at the bucket's rate, and its take is counted as owed to Redis. Any
 * other request calls Redis, which first checks the veto keys, then takes what this replica owes and the request's
 * own token, and answers how full the bucket is; that answer is the new local view. One call per bucket at a time:
 * the requests that need the view while it is under way wait for its answer and are decided on it (a call that
 * fails fails them too), so concurrent requests never spend one level twice. A view nobody uses goes; what it still
 * owed is sent first, every {@code local-check-ttl}, and at a graceful stop.
 * <p>
 * What this costs in accuracy, and nothing else (documented in docs/architecture.md, tested in
 * RateLimiterReplicasTest): with one replica a bucket is exact. With N replicas a subject can pass at most
 * (N − 1) × (capacity + refill × ttl) requests more than its bucket in one burst, each replica spending the tokens
 * Redis last showed it; what was overspent is owed (Redis' bucket goes below zero, and every replica refuses until it
 * is paid back), so over any longer span the refill rate holds. A replica killed without a graceful stop forgets
 * what it took in its last ttl: per caller at most a bucket and a ttl's refill. A veto key (a revocation) written
 * to Redis is seen by a replica at most {@code local-check-ttl} later: on every request of a token the replica has
 * not checked within that time, and on every request of a session whose logout passed this replica
 * ({@link #endSession}).
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
    private final Duration redisTimeout;
    private final long timer;

    RateLimiter(LoopLocalRedis redis, EdgeConfig config, Vertx vertx,
                @ConfigProperty(name = "quarkus.redis.timeout") Duration redisTimeout) {
        this.redis = redis;
        this.redisTimeout = redisTimeout;
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
        String key = settings.map(ignored -> "edge:ratelimit:" + limit.orElseThrow() + ":{" + subject + "}").orElse(null);
        return takeUnlessVetoed(limit, key, veto, false);
    }

    private Future<Verdict> takeUnlessVetoed(Optional<String> limit, String key, Optional<Veto> veto, boolean vetoCleared) {
        // without a ttl nothing is kept: every request asks Redis
        Bucket bucket = key == null ? null
                : ttlNanos == 0 ? new Bucket(config.rateLimits().get(limit.orElseThrow()))
                : buckets.computeIfAbsent(key, k -> new Bucket(config.rateLimits().get(limit.orElseThrow())));
        return decide(limit, key, bucket, veto, vetoCleared);
    }

    // one bucket has at most one call to Redis under way on this replica: the requests that need its view meanwhile
    // wait for that call and decide on its answer, so that one answer is never spent twice (by the call's own take
    // in Redis and by a local view that does not know of it)
    private Future<Verdict> decide(Optional<String> limit, String key, Bucket bucket, Optional<Veto> veto,
                                   boolean vetoCleared) {
        long now = System.nanoTime();
        boolean vetoChecked = vetoCleared || veto.map(v -> checkedRecently(v, now)).orElse(true);
        Bucket.Step step = bucket == null ? Bucket.Step.FRESH : bucket.step(now, ttlNanos);
        return switch (step) {
            // a call that failed fails its waiters too: Redis is not asked again by each of them in turn
            case WAIT -> bucket.pendingSync().compose(ignored -> decide(limit, key, bucket, veto, vetoCleared));
            case LEAD -> {
                // a check is remembered only when its keys were read
                Optional<Veto> read = vetoChecked ? Optional.empty() : veto;
                yield call(key, bucket, read, true, now).map(answer -> verdict(limit, read, answer, now));
            }
            // a view dropped as stale by the sweep an instant ago: the bucket's current view decides
            case RETIRED -> takeUnlessVetoed(limit, key, veto, vetoCleared);
            case FRESH -> {
                if (!vetoChecked) {
                    // the bucket is known here: only the veto keys are read, then the request is decided again
                    yield call(null, null, veto, false, now).compose(answer ->
                            verdict(limit, veto, answer, now) == Verdict.VETOED
                                    ? Future.succeededFuture(Verdict.VETOED)
                                    : decide(limit, key, bucket, veto, true));
                }
                Bucket.Take take = bucket == null ? Bucket.Take.PASSED : bucket.takeLocally(now);
                yield switch (take) {
                    case PASSED -> Future.succeededFuture(Verdict.PASSED);
                    case REFUSED -> Future.failedFuture(new RateLimitedException(limit.orElseThrow(), bucket.secondsUntilToken(now)));
                    case RETIRED -> takeUnlessVetoed(limit, key, veto, vetoCleared);
                };
            }
        };
    }

    // the answer of a call: a veto, a refusal, or a pass, remembering the veto check it made
    private Verdict verdict(Optional<String> limit, Optional<Veto> veto, Answer answer, long sentAt) {
        if (answer.vetoed()) {
            return Verdict.VETOED;
        }
        veto.filter(v -> ttlNanos > 0 && !endingSessions.containsKey(v.session()))
                .ifPresent(v -> passedChecks.put(v.id(), new PassedCheck(v.session(), sentAt)));
        if (answer.waitMillis() > 0) {
            throw new RateLimitedException(limit.orElseThrow(), Math.max(1, (answer.waitMillis() + 999) / 1000));
        }
        return Verdict.PASSED;
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
                        Optional.ofNullable(bucket).ifPresent(b -> b.abandonSync(owed, null));
                        return new Answer(true, 0);
                    }
                    Optional.ofNullable(bucket).ifPresent(b -> b.synced(Double.parseDouble(response.get(1).toString()), sentAt));
                    return new Answer(false, first);
                })
                .onFailure(failure -> Optional.ofNullable(bucket).ifPresent(b -> b.abandonSync(owed, failure)));
    }

    // every ttl: what idle views owe goes to Redis, stale views and checks go
    private void sweep() {
        long now = System.nanoTime();
        buckets.forEach((key, bucket) -> {
            switch (bucket.sweep(now, ttlNanos)) {
                case OWES -> sendOwed(key, bucket, now);
                case STALE -> buckets.remove(key, bucket);
                case FRESH -> { }
            }
        });
        passedChecks.values().removeIf(check -> now - check.atNanos() >= ttlNanos);
        endingSessions.values().removeIf(until -> now - until >= 0);
    }

    private Future<Answer> sendOwed(String key, Bucket bucket, long now) {
        return call(key, bucket, Optional.empty(), false, now).onFailure(failure ->
                LOG.debugf("Rate limit bucket %s not synced, retried in %d ms: %s", key,
                        config.localCheckTtl().toMillis(), failure.toString()));
    }

    /**
     * On a graceful stop (a rolling update, a scale-down), what this replica's views owe goes to Redis, waiting at
     * most {@code quarkus.redis.timeout}: otherwise its callers' last ttl of requests would never be counted. A killed
     * replica forgets them: per caller at most a bucket and a ttl's refill (docs/architecture.md, Local checks).
     */
    void flushOwed(@Observes ShutdownEvent stop) {
        long now = System.nanoTime();
        List<CompletableFuture<Answer>> sent = new ArrayList<>();
        buckets.forEach((key, bucket) -> {
            if (bucket.leadFlush()) {
                sent.add(sendOwed(key, bucket, now).toCompletionStage().toCompletableFuture());
            }
        });
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(redisTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("Rate limit buckets not all synced at shutdown: %s", e.toString());
        }
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

    /**
     * This replica's view of one bucket in Redis: its tokens as Redis last said, refilled since, less what it took;
     * and the one call to Redis for it that may be under way.
     */
    private static final class Bucket {

        /**
         * What a request does with the bucket: take locally, wait for the call under way, make the call, or, the view
         * having been dropped, find the current one.
         */
        enum Step { FRESH, WAIT, LEAD, RETIRED }

        enum Sweep { FRESH, OWES, STALE }

        final EdgeConfig.RateLimit settings;
        private double tokens;
        private long refilledAt;
        private long syncedAt;
        private boolean synced;
        private long owed;
        private Promise<Void> sync;
        private boolean retired;

        Bucket(EdgeConfig.RateLimit settings) {
            this.settings = settings;
        }

        synchronized Step step(long now, long ttlNanos) {
            if (retired) {
                return Step.RETIRED;
            }
            if (sync != null) {
                return Step.WAIT;
            }
            if (synced && now - syncedAt < ttlNanos) {
                return Step.FRESH;
            }
            sync = Promise.promise();
            return Step.LEAD;
        }

        synchronized Future<Void> pendingSync() {
            return sync == null ? Future.succeededFuture() : sync.future();
        }

        /** What a local take found. */
        enum Take { PASSED, REFUSED, RETIRED }

        // once step answered FRESH (a call that started since counts this take as owed: see synced)
        synchronized Take takeLocally(long now) {
            if (retired) {
                return Take.RETIRED;
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
            return drained;
        }

        // Redis' count when it ran the call, less what was taken here after the call took what was owed (requests
        // that found the view fresh an instant before it went stale; every later one waited for the call)
        void synced(double redisTokens, long sentAt) {
            Promise<Void> done;
            synchronized (this) {
                tokens = redisTokens - owed;
                refilledAt = System.nanoTime();
                syncedAt = sentAt;
                synced = true;
                done = sync;
                sync = null;
            }
            Optional.ofNullable(done).ifPresent(Promise::tryComplete);
        }

        // the call was vetoed (failure null: its waiters decide again) or failed (they fail with it): nothing of it
        // reached the bucket
        void abandonSync(long drained, Throwable failure) {
            Promise<Void> done;
            synchronized (this) {
                owed += drained;
                done = sync;
                sync = null;
            }
            if (done != null && failure == null) {
                done.tryComplete();
            } else if (done != null) {
                done.tryFail(failure);
            }
        }

        synchronized Sweep sweep(long now, long ttlNanos) {
            if (sync != null || (synced && now - syncedAt < ttlNanos)) {
                return Sweep.FRESH;
            }
            if (owed > 0) {
                sync = Promise.promise();
                return Sweep.OWES;
            }
            // dropped from the map: a request still holding it takes the map's current view instead, so that no
            // take is ever owed by a view the sweep no longer sees
            retired = true;
            return Sweep.STALE;
        }

        // at shutdown: whether this bucket owes and no call is under way (which then carries it)
        synchronized boolean leadFlush() {
            if (owed == 0 || sync != null) {
                return false;
            }
            sync = Promise.promise();
            return true;
        }

        private void refill(long now) {
            tokens = Math.min(settings.capacity(), tokens + (now - refilledAt) / 1e9 * settings.refillPerSecond());
            refilledAt = now;
        }
    }
}
