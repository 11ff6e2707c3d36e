package dev.encore.user.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "encore.login-throttle")
public interface LoginThrottleConfig {

    /** Failed logins one account may take within {@link #accountWindow()} before it answers 429. */
    @WithDefault("5")
    int maxFailuresPerAccount();

    @WithDefault("PT15M")
    Duration accountWindow();

    /** Login attempts, failed or not, one client address may make within {@link #addressWindow()}. */
    @WithDefault("30")
    int maxAttemptsPerAddress();

    @WithDefault("PT1M")
    Duration addressWindow();
}
