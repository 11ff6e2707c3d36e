package dev.encore.common;

import dev.encore.testsupport.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The start-up check against a real Redis: one server in the default suite, a cluster in the cluster suite, so that
 * both kinds of mismatch are caught between the two.
 */
class RedisClientTypeCheckTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static TestRedis redis;
    private static Vertx vertx;

    @BeforeAll
    static void start() {
        redis = TestRedis.start();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
        redis.close();
    }

    @Test
    void theTypeTheHarnessConfiguresMatches() {
        String type = redis.clientConfig().get("quarkus.redis.client-type");
        assertEquals(Optional.empty(), RedisClientTypeCheck.mismatch(client(type), type, TIMEOUT));
    }

    @Test
    void theOtherTypeIsRefusedNamingTheSetting() {
        String other = TestRedis.clusterRequested() ? RedisClientTypeCheck.STANDALONE : RedisClientTypeCheck.CLUSTER;
        Optional<String> mismatch = RedisClientTypeCheck.mismatch(client(other), other, TIMEOUT);
        assertTrue(mismatch.orElseThrow().contains("ENCORE_REDIS_CLIENT_TYPE="
                + redis.clientConfig().get("quarkus.redis.client-type")), mismatch.orElseThrow());
    }

    @Test
    void aRedisThatDoesNotAnswerIsNoMismatch() {
        redis.stop();
        try {
            assertEquals(Optional.empty(), RedisClientTypeCheck.mismatch(client(RedisClientTypeCheck.STANDALONE),
                    RedisClientTypeCheck.STANDALONE, TIMEOUT));
        } finally {
            redis.startAgain();
        }
    }

    private static Redis client(String type) {
        RedisOptions options = new RedisOptions().setType(RedisClientType.valueOf(type.toUpperCase()));
        for (String uri : redis.clientConfig().get("quarkus.redis.hosts").split(",")) {
            options.addConnectionString(uri);
        }
        return Redis.createClient(vertx, options);
    }
}
