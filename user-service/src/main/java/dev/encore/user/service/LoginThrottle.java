package dev.encore.user.service;

import dev.encore.user.config.LoginThrottleConfig;
import dev.encore.user.domain.TooManyAttemptsException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.HexFormat;
import java.util.function.Function;

/**
 * Throttles logins per client address (every attempt counts) and per account (failures count), in Redis so that
 * every replica sees the same counts. While Redis is unreachable each replica counts in memory instead.
 */
@ApplicationScoped
public class LoginThrottle {

    private static final Logger LOG = Logger.getLogger(LoginThrottle.class);

    private final RedisWindowCounter redis;
    private final InMemoryWindowCounter memory;
    private final LoginThrottleConfig config;
    private final Counter fallbacks;

    LoginThrottle(RedisWindowCounter redis, InMemoryWindowCounter memory, LoginThrottleConfig config,
                  MeterRegistry registry) {
        this.redis = redis;
        this.memory = memory;
        this.config = config;
        this.fallbacks = Counter.builder("encore.login.throttle.fallback")
                .description("Throttle decisions taken in memory because Redis was unreachable")
                .register(registry);
    }

    /** Counts this attempt; refuses it when the address or the account has used up its window. */
    public void admit(String email, String clientAddress) {
        WindowCounter.WindowCount address = count(c -> c.increment(addressKey(clientAddress), config.addressWindow()));
        if (address.count() > config.maxAttemptsPerAddress()) {
            throw new TooManyAttemptsException(address.remaining());
        }
        WindowCounter.WindowCount failures = count(c -> c.current(accountKey(email)));
        if (failures.count() >= config.maxFailuresPerAccount()) {
            throw new TooManyAttemptsException(failures.remaining());
        }
    }

    public void recordFailure(String email) {
        count(c -> c.increment(accountKey(email), config.accountWindow()));
    }

    public void recordSuccess(String email) {
        count(c -> {
            c.reset(accountKey(email));
            return null;
        });
    }

    private WindowCounter.WindowCount count(Function<WindowCounter, WindowCounter.WindowCount> operation) {
        try {
            return operation.apply(redis);
        } catch (RuntimeException e) {
            fallbacks.increment();
            LOG.debugf("Login throttle counting in memory: Redis unavailable (%s)", e.toString());
            return operation.apply(memory);
        }
    }

    private static String addressKey(String clientAddress) {
        return "user:login:address:" + clientAddress;
    }

    // hashed so that Redis never holds the email addresses of people trying to log in
    private static String accountKey(String email) {
        return "user:login:account:" + HexFormat.of().formatHex(Sha256.of(email), 0, 16);
    }
}
