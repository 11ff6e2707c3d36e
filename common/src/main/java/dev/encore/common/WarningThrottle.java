package dev.encore.common;

import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Lets a warning about a dependency's outage, which would otherwise be written once per request (a login storm
 * while Redis is down, every request while PostgreSQL is), be written at most once per period, with how many times
 * it happened: {@link #warnf} writes the warning only when the period has passed since the last one it wrote, adding
 * how many occurrences that one stands for. Thread-safe; the first occurrence is always written.
 */
public final class WarningThrottle {

    private final Logger log;
    private final long periodNanos;
    private final LongSupplier nanoClock;
    private final LongAdder occurrences = new LongAdder();
    private final AtomicLong passedAt;

    /** A throttle writing to {@code log} one warning per {@code period} at most, timed by {@link System#nanoTime()}. */
    public WarningThrottle(Logger log, Duration period) {
        this(log, period, System::nanoTime);
    }

    WarningThrottle(Logger log, Duration period, LongSupplier nanoClock) {
        this.log = log;
        this.periodNanos = period.toNanos();
        this.nanoClock = nanoClock;
        this.passedAt = new AtomicLong(nanoClock.getAsLong() - periodNanos);
    }

    /**
     * Counts one occurrence and, when the period has passed since the last warning written, writes this one
     * ({@link Logger#warnf(String, Object...)}'s format) followed by "(N times since the last such warning, one at most
     * every PERIOD)".
     */
    public void warnf(String format, Object... params) {
        long times = occurred();
        if (times > 0) {
            log.warnf("%s (%d times since the last such warning, one at most every %s)", String.format(format, params), times,
                    Duration.ofNanos(periodNanos));
        }
    }

    // the occurrences since the last warning let through, this one included, when this one may be written; else 0
    long occurred() {
        occurrences.increment();
        long now = nanoClock.getAsLong();
        long last = passedAt.get();
        if (now - last >= periodNanos && passedAt.compareAndSet(last, now)) {
            return occurrences.sumThenReset();
        }
        return 0;
    }
}
