package dev.encore.common;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** One warning per period, carrying the count of what it stands for. */
class WarningThrottleTest {

    @Test
    void theFirstOccurrencePassesThenOnePerPeriodWithTheCountSinceTheLast() {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        WarningThrottle throttle = new WarningThrottle(Logger.getLogger(WarningThrottleTest.class), Duration.ofSeconds(10), now::get);

        assertEquals(1, throttle.occurred());
        long passed = 0;
        for (int i = 0; i < 99; i++) {
            now.addAndGet(Duration.ofMillis(100).toNanos());
            passed += throttle.occurred();
        }
        assertEquals(0, passed, "99 occurrences within 9.9 s of the first: none written");
        now.addAndGet(Duration.ofMillis(100).toNanos());
        assertEquals(100, throttle.occurred(), "10 s after the first: one warning for the 100 since it");
        assertEquals(0, throttle.occurred());
    }
}
