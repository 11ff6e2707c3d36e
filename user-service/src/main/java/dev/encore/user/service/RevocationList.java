package dev.encore.user.service;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The revocation list in Redis that edge-proxy consults on every authenticated request. An entry lives as long
 * as the tokens it revokes could: {@code auth:revoked:{<user>}:jti:<jti>} until that token expires, and
 * {@code auth:revoked:{<user>}:sid:<sid>} for one access-token lifetime, which outlives every token of the session.
 * The user is the keys' hash tag: the edge reads both with that user's rate-limit bucket in one script call, which
 * Redis Cluster allows only for keys on one slot.
 */
@ApplicationScoped
public class RevocationList {

    /** The key that revokes one access token of the user. */
    private static String tokenKey(UUID userId, String jti) {
        return "auth:revoked:{" + userId + "}:jti:" + jti;
    }

    /** The key that revokes every access token of one of the user's sessions. */
    private static String sessionKey(UUID userId, UUID sessionId) {
        return "auth:revoked:{" + userId + "}:sid:" + sessionId;
    }

    private final ValueCommands<String, String> values;

    RevocationList(RedisDataSource redis) {
        this.values = redis.value(String.class);
    }

    // SET with PX is idempotent, so a retry cannot do harm
    @Timeout(value = 1, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 50, jitter = 25)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 5, delayUnit = ChronoUnit.SECONDS)
    public void revokeToken(UUID userId, String jti, Duration remainingLifetime) {
        values.set(tokenKey(userId, jti), "1", new SetArgs().px(atLeastOneMilli(remainingLifetime)));
    }

    @Timeout(value = 1, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 50, jitter = 25)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 5, delayUnit = ChronoUnit.SECONDS)
    public void revokeSession(UUID userId, UUID sessionId, Duration accessTokenLifetime) {
        values.set(sessionKey(userId, sessionId), "1", new SetArgs().px(atLeastOneMilli(accessTokenLifetime)));
    }

    private static Duration atLeastOneMilli(Duration duration) {
        return duration.isNegative() || duration.isZero() ? Duration.ofMillis(1) : duration;
    }
}
