package dev.encore.user.service;

import dev.encore.common.RevocationKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The revocation list in Redis that edge-proxy consults on every authenticated request. An entry lives as long
 * as the tokens it revokes could still be accepted anywhere, that is past their {@code exp} by the verifiers'
 * clock-skew allowance ({@code mp.jwt.verify.clock.skew}, shared by every service through encore-common):
 * {@code auth:revoked:{<user>}:jti:<jti>} for that token's remaining lifetime plus the allowance, and
 * {@code auth:revoked:{<user>}:sid:<sid>} for one access-token lifetime plus the allowance, which outlives every
 * token of the session.
 * The user is the keys' hash tag: the edge reads both with that user's rate-limit bucket in one script call, which
 * Redis Cluster allows only for keys on one slot.
 */
@ApplicationScoped
public class RevocationList {

    // present while Redis holds the revocation list written since; a Redis that restarted empty has lost it
    private static final String PRESENT_KEY = "auth:revocations-present";

    private final RedisDataSource redis;
    private final ValueCommands<String, String> values;
    private final Duration clockSkew;

    RevocationList(RedisDataSource redis, @ConfigProperty(name = "mp.jwt.verify.clock.skew") long clockSkewSeconds) {
        this.redis = redis;
        this.values = redis.value(String.class);
        this.clockSkew = Duration.ofSeconds(clockSkewSeconds);
    }

    /** Whether Redis still holds the revocations written since {@link #markPresent()}; false after it lost its data. */
    @Timeout(value = 1, unit = ChronoUnit.SECONDS)
    public boolean present() {
        return redis.key(String.class).exists(PRESENT_KEY);
    }

    @Timeout(value = 1, unit = ChronoUnit.SECONDS)
    public void markPresent() {
        values.set(PRESENT_KEY, "1");
    }

    // SET with PX is idempotent, so a retry cannot do harm
    @Timeout(value = 1, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 50, jitter = 25)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 5, delayUnit = ChronoUnit.SECONDS)
    /** Revokes one access token; {@code remainingLifetime} is the time to its exp (negative when past it). */
    public void revokeToken(UUID userId, String jti, Duration remainingLifetime) {
        values.set(RevocationKeys.token(userId, jti), "1", new SetArgs().px(atLeastOneMilli(remainingLifetime.plus(clockSkew))));
    }

    @Timeout(value = 1, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 50, jitter = 25)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 5, delayUnit = ChronoUnit.SECONDS)
    /** Revokes every access token of the session; {@code accessTokenLifetime} is how long one is issued for. */
    public void revokeSession(UUID userId, UUID sessionId, Duration accessTokenLifetime) {
        values.set(RevocationKeys.session(userId, sessionId), "1", new SetArgs().px(atLeastOneMilli(accessTokenLifetime.plus(clockSkew))));
    }

    private static Duration atLeastOneMilli(Duration duration) {
        return duration.isNegative() || duration.isZero() ? Duration.ofMillis(1) : duration;
    }
}
