package dev.encore.user.service;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/** Per-instance stand-in for {@link RedisWindowCounter} while Redis is down: weaker, but never unlimited. */
@ApplicationScoped
class InMemoryWindowCounter implements WindowCounter {

    private static final int MAX_KEYS = 100_000;

    private record Window(long count, Instant endsAt) {
    }

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    @Override
    public WindowCount increment(String key, Duration window) {
        Instant now = Instant.now();
        if (windows.size() > MAX_KEYS) {
            windows.values().removeIf(w -> !w.endsAt().isAfter(now));
        }
        Window updated = windows.compute(key, (k, w) -> w == null || !w.endsAt().isAfter(now)
                ? new Window(1, now.plus(window))
                : new Window(w.count() + 1, w.endsAt()));
        return toCount(updated, now);
    }

    @Override
    public WindowCount current(String key) {
        Instant now = Instant.now();
        Window window = windows.get(key);
        return window == null || !window.endsAt().isAfter(now) ? new WindowCount(0, Duration.ZERO) : toCount(window, now);
    }

    @Override
    public void reset(String key) {
        windows.remove(key);
    }

    private static WindowCount toCount(Window window, Instant now) {
        return new WindowCount(window.count(), Duration.between(now, window.endsAt()));
    }
}
