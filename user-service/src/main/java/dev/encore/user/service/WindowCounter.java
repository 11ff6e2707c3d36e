package dev.encore.user.service;

import java.time.Duration;

/** Fixed-window counters keyed by name: Redis normally, memory while Redis is unreachable. */
interface WindowCounter {

    /** Counts one more event; the window starts with the first event and lasts {@code window}. */
    WindowCount increment(String key, Duration window);

    WindowCount current(String key);

    void reset(String key);

    record WindowCount(long count, Duration remaining) {
    }
}
