package dev.encore.common;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Lets a warning about a dependency's outage, which would otherwise be written once per request (a login storm
 * while Redis is down, every request while PostgreSQL is), be written at most once per period, with how many times
 * it happened: {@link #occurred()} counts one occurrence and answers the number since the last warning it let through
 * (this one included) once the period has passed since then, else 0. Thread-safe; the first occurrence always passes.
 */
public final class WarningThrottle {

    private final long periodNanos;
    private final LongSupplier nanoClock;
    private final LongAdder occurrences = new LongAdder();
    private final AtomicLong passedAt;

    /** A throttle letting one warning through per {@code period}, timed by {@link System#nanoTime()}. */
    public WarningThrottle(Duration period) {
        this(period, System::nanoTime);
    }

    WarningThrottle(Duration period, LongSupplier nanoClock) {
        this.periodNanos = period.toNanos();
        this.nanoClock = nanoClock;
        this.passedAt = new AtomicLong(nanoClock.getAsLong() - periodNanos);
    }

    /** Counts one occurrence; the occurrences since the last warning let through when this one may be written, else 0. */
    public long occurred() {
        occurrences.increment();
        long now = nanoClock.getAsLong();
        long last = passedAt.get();
        if (now - last >= periodNanos && passedAt.compareAndSet(last, now)) {
            return occurrences.sumThenReset();
        }
        return 0;
    }

    /** The least time between two warnings let through. */
    public Duration period() {
        return Duration.ofNanos(periodNanos);
    }
}
