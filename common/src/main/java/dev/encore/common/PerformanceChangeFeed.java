package dev.encore.common;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeanManager;

import java.util.List;

/**
 * Turns the announcements on {@link PerformanceChangeChannel} into {@link PerformanceChanged} events, in every
 * service that observes them (catalog-service evicts its cache, booking-service forgets statuses); a service
 * without an observer does not subscribe. The subscription is checked every 5 s and comes back after a Redis
 * restart ({@link ResilientSubscription}).
 */
@ApplicationScoped
public class PerformanceChangeFeed {

    private static final long CHECK_INTERVAL_MS = 5_000;

    private final Vertx vertx;
    private final Event<PerformanceChanged> events;
    private final boolean observed;
    private final ResilientSubscription subscription;
    private long timer = -1;

    PerformanceChangeFeed(ReactiveRedisDataSource redis, Vertx vertx, Event<PerformanceChanged> events, BeanManager beans) {
        this.vertx = vertx;
        this.events = events;
        this.observed = !beans.resolveObserverMethods(new PerformanceChanged(List.of())).isEmpty();
        this.subscription = new ResilientSubscription(redis, PerformanceChangeChannel.NAME, this::onMessage);
    }

    void onStart(@Observes StartupEvent event) {
        if (observed) {
            subscription.start();
            timer = vertx.setPeriodic(CHECK_INTERVAL_MS, tick -> subscription.check());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (observed) {
            vertx.cancelTimer(timer);
            subscription.stop();
        }
    }

    // on the Redis client's event loop: observers run asynchronously, off it
    private void onMessage(String message) {
        List<Long> ids = PerformanceChangeChannel.ids(message);
        if (!ids.isEmpty()) {
            events.fireAsync(new PerformanceChanged(ids));
        }
    }
}
