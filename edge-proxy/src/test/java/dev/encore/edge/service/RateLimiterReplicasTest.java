package dev.encore.edge.service;

import dev.encore.edge.client.LoopLocalRedis;
import dev.encore.edge.config.EdgeConfig;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bounds RateLimiter documents for the requests it decides without Redis: two limiters on one Redis stand for
 * two edge replicas. A bucket is exact on one replica and overshoots by at most a bucket and a ttl's refill per
 * further replica; every local take reaches Redis' count (what was overspent is owed); a revocation written to Redis
 * is seen within the ttl, at once by a token never checked, and at once after its session's logout.
 */
@QuarkusTest
class RateLimiterReplicasTest {

    private static final String LIMIT = "holds";

    @Inject
    LoopLocalRedis redis;

    @Inject
    EdgeConfig config;

    @Inject
    Vertx vertx;

    @Inject
    RedisDataSource redisData;

    private RateLimiter first;
    private RateLimiter second;

    @BeforeEach
    void startTwoReplicas() {
        first = new RateLimiter(redis, config, vertx, Duration.ofSeconds(1));
        second = new RateLimiter(redis, config, vertx, Duration.ofSeconds(1));
    }

    @AfterEach
    void stop() {
        first.close();
        second.close();
    }

    @Test
    void oneReplicaPassesNoMoreThanItsBucket() throws Exception {
        assertWithinBound(1, subject -> passesInTurn(List.of(first), subject, 4 * capacity()));
    }

    @Test
    void aConcurrentBurstOnOneReplicaPassesNoMoreThanItsBucket() throws Exception {
        // every request under way at once, as a caller's parallel requests are: none may spend what another's call
        // to Redis took there
        assertWithinBound(1, subject -> passesAtOnce(List.of(first), subject, 10 * capacity()));
    }

    @Test
    void aConcurrentBurstOnTwoReplicasOvershootsByAtMostABucket() throws Exception {
        assertWithinBound(2, subject -> passesAtOnce(List.of(first, second), subject, 10 * capacity()));
    }

    /** Requests of one subject, answering how many passed. */
    private interface Burst {
        int passes(String subject) throws Exception;
    }

    // at least the bucket passes, and at most the documented bound for that many replicas: a bucket each and what
    // refilled meanwhile, and a ttl's refill for each replica but one
    private void assertWithinBound(int replicas, Burst burst) throws Exception {
        EdgeConfig.RateLimit bucket = config.rateLimits().get(LIMIT);
        long started = System.nanoTime();
        int passed = burst.passes(UUID.randomUUID().toString());
        double seconds = (System.nanoTime() - started) / 1e9;
        double bound = replicas * bucket.capacity()
                + bucket.refillPerSecond() * (seconds + (replicas - 1) * config.localCheckTtl().toNanos() / 1e9);
        assertTrue(passed >= bucket.capacity() && passed <= bound, passed + " passed, bound " + bound);
    }

    private int capacity() {
        return config.rateLimits().get(LIMIT).capacity();
    }

    @Test
    void aReplicaStoppingGracefullySendsWhatItOwes() throws Exception {
        EdgeConfig.RateLimit bucket = config.rateLimits().get(LIMIT);
        String subject = UUID.randomUUID().toString();
        long started = System.nanoTime();
        // one call to Redis, then local takes that only this replica knows of
        int passed = passesInTurn(List.of(second), subject, bucket.capacity() / 2);
        second.flushOwed(null);
        double seconds = (System.nanoTime() - started) / 1e9;
        double tokens = Double.parseDouble(redisData.hash(String.class).hget("edge:ratelimit:" + LIMIT + ":{" + subject + "}", "tokens"));
        assertEquals(bucket.capacity() / 2, passed);
        assertTrue(tokens >= bucket.capacity() - passed - 1e-6 && tokens <= bucket.capacity() - passed + bucket.refillPerSecond() * seconds,
                tokens + " tokens in Redis after " + passed + " passes");
    }

    @Test
    void twoReplicasOvershootByAtMostABucketAndEveryTakeIsOwedToRedis() throws Exception {
        EdgeConfig.RateLimit bucket = config.rateLimits().get(LIMIT);
        String subject = UUID.randomUUID().toString();
        long started = System.nanoTime();
        // a caller whose requests alternate between the replicas, as a load balancer spreads them
        int passed = passesInTurn(List.of(first, second), subject, 4 * bucket.capacity());
        double seconds = (System.nanoTime() - started) / 1e9;
        double ttl = config.localCheckTtl().toNanos() / 1e9;
        // the bucket and what refilled, and one more bucket and a ttl's refill for the second replica
        double bound = 2 * bucket.capacity() + bucket.refillPerSecond() * (seconds + ttl);
        assertTrue(passed >= bucket.capacity() && passed <= bound, passed + " passed, bound " + bound);

        // once both replicas have sent what they owe (every ttl), Redis' bucket has paid for every pass: it stands
        // at the capacity less every pass, plus what refilled while they happened, and goes below zero for an
        // overshoot, so that both replicas refuse until that is paid back
        String key = "edge:ratelimit:" + LIMIT + ":{" + subject + "}";
        int passes = passed;
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            double tokens = Double.parseDouble(redisData.hash(String.class).hget(key, "tokens"));
            double lowest = bucket.capacity() - passes;
            double highest = lowest + bucket.refillPerSecond() * (seconds + 3 * ttl);
            assertTrue(tokens >= lowest - 1e-6 && tokens <= highest, tokens + " tokens after " + passes + " passes");
        });
    }

    @Test
    void aRevocationIsSeenAtOnceByANewTokenWithinTheTtlByACheckedOneAndAtOnceAfterALogout() throws Exception {
        String user = UUID.randomUUID().toString();
        String session = UUID.randomUUID().toString();
        String tokenKey = "auth:revoked:{" + user + "}:jti:checked";
        String sessionKey = "auth:revoked:{" + user + "}:sid:" + session;
        RateLimiter.Veto checked = new RateLimiter.Veto("checked-" + user, session, List.of(tokenKey, sessionKey));
        assertEquals(RateLimiter.Verdict.PASSED, get(first.takeUnlessVetoed(Optional.empty(), user, Optional.of(checked))));

        redisData.value(String.class).setex(tokenKey, 60, "1");
        long revoked = System.nanoTime();
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10)).until(() ->
                get(first.takeUnlessVetoed(Optional.empty(), user, Optional.of(checked))) == RateLimiter.Verdict.VETOED);
        long seenAfterMillis = (System.nanoTime() - revoked) / 1_000_000;
        assertTrue(seenAfterMillis <= config.localCheckTtl().toMillis() + 250, "seen after " + seenAfterMillis + " ms");
        // the other replica never checked it: it asks Redis
        assertEquals(RateLimiter.Verdict.VETOED, get(second.takeUnlessVetoed(Optional.empty(), user, Optional.of(checked))));

        // a token of a session whose logout passed this replica is checked in Redis on every request
        RateLimiter.Veto sibling = new RateLimiter.Veto("sibling-" + user, session, List.of(
                "auth:revoked:{" + user + "}:jti:sibling", sessionKey));
        assertEquals(RateLimiter.Verdict.PASSED, get(second.takeUnlessVetoed(Optional.empty(), user, Optional.of(sibling))));
        second.endSession(session, 10_000);
        redisData.value(String.class).setex(sessionKey, 60, "1");
        assertEquals(RateLimiter.Verdict.VETOED, get(second.takeUnlessVetoed(Optional.empty(), user, Optional.of(sibling))));
    }

    // how many of `attempts` requests of the subject pass, all sent before any is answered, to the replicas in turn
    private static int passesAtOnce(List<RateLimiter> replicas, String subject, int attempts) throws Exception {
        List<Future<Void>> sent = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            sent.add(replicas.get(i % replicas.size()).take(LIMIT, subject));
        }
        int passed = 0;
        for (Future<Void> answer : sent) {
            try {
                get(answer);
                passed++;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RateLimitedException)) {
                    throw e;
                }
            }
        }
        return passed;
    }

    // how many of `attempts` requests of the subject pass, sent to the replicas in turn
    private static int passesInTurn(List<RateLimiter> replicas, String subject, int attempts) throws Exception {
        int passed = 0;
        for (int i = 0; i < attempts; i++) {
            try {
                get(replicas.get(i % replicas.size()).take(LIMIT, subject));
                passed++;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RateLimitedException)) {
                    throw e;
                }
            }
        }
        return passed;
    }

    private static <T> T get(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
