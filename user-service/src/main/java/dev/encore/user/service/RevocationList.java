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
 * as the tokens it revokes could: {@code auth:revoked:jti:<jti>} until that token expires, and
 * {@code auth:revoked:sid:<sid>} for one access-token lifetime, which outlives every token of the session.
 */
@ApplicationScoped
public class RevocationList {

    public static final String JTI_PREFIX = "auth:revoked:jti:";
    public static final String SESSION_PREFIX = "auth:revoked:sid:";

    private final ValueCommands<String, String> values;

    RevocationList(RedisDataSource redis) {
        this.values = redis.value(String.class);
    }

    // SET with PX is idempotent, so a retry cannot do harm
    @Timeout(value = 1, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 50, jitter = 25)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 5, delayUnit = ChronoUnit.SECONDS)
    public void revokeToken(String jti, Duration remainingLifetime) {
        values.set(JTI_PREFIX + jti, "1", new SetArgs().px(atLeastOneMilli(remainingLifetime)));
    }

    @Timeout(value = 1, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 50, jitter = 25)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 5, delayUnit = ChronoUnit.SECONDS)
    public void revokeSession(UUID sessionId, Duration accessTokenLifetime) {
        values.set(SESSION_PREFIX + sessionId, "1", new SetArgs().px(atLeastOneMilli(accessTokenLifetime)));
    }

    private static Duration atLeastOneMilli(Duration duration) {
        return duration.isNegative() || duration.isZero() ? Duration.ofMillis(1) : duration;
    }
}
