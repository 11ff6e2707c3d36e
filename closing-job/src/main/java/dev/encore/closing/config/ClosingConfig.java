package dev.encore.closing.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

@ConfigMapping(prefix = "encore.closing")
public interface ClosingConfig {

    /** Quartz-style cron (seconds first); checked at start-up, a bad one stops the service. */
    @WithDefault("0 0 0 * * ?")
    String cron();

    /** The zone the cron is read in. */
    @WithDefault("Asia/Seoul")
    String zone();

    /** Performances closed per transaction: larger is faster, smaller holds row locks for less time. */
    @WithDefault("1000")
    @Min(1)
    @Max(100_000)
    int chunkSize();

    /** The PostgreSQL advisory lock that keeps one run active across every replica. */
    @WithDefault("7308604897068083813")
    long advisoryLockKey();
}
