package dev.encore.booking.client;

import dev.encore.common.PerformanceChangeChannel;
import dev.encore.common.ResilientSubscription;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Listens on encore-common's {@link PerformanceChangeChannel} (from catalog-service and closing-job) and forgets
 * those performances' statuses, so that a closed performance refuses holds at once rather than after
 * {@code status-ttl}. The subscription is checked every 5 s and comes back after a Redis restart
 * ({@link ResilientSubscription}).
 */
@ApplicationScoped
public class PerformanceChangeListener {

    private final ResilientSubscription subscription;

    PerformanceChangeListener(ReactiveRedisDataSource redis, PerformanceDirectory directory) {
        this.subscription = new ResilientSubscription(redis, PerformanceChangeChannel.NAME,
                message -> PerformanceChangeChannel.ids(message).forEach(directory::evict));
    }

    void onStart(@Observes StartupEvent event) {
        subscription.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        subscription.stop();
    }

    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void checkSubscription() {
        subscription.check();
    }
}
