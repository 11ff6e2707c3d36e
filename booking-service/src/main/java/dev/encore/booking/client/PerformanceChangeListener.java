package dev.encore.booking.client;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands.ReactiveRedisSubscriber;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Listens on {@code encore:performance-changes} (comma-separated ids, from catalog-service and closing-job) and
 * forgets those performances' statuses, so that a closed performance refuses holds at once rather than after
 * {@code status-ttl}. The Redis client drops a subscription silently when Redis restarts, so the listener sends
 * itself a probe on the channel every few seconds and subscribes again when a probe does not come back.
 */
@ApplicationScoped
public class PerformanceChangeListener {

    static final String CHANNEL = "encore:performance-changes";
    private static final Logger LOG = Logger.getLogger(PerformanceChangeListener.class);

    private final ReactiveRedisDataSource redis;
    private final PerformanceDirectory directory;
    private final String probe = "probe:" + UUID.randomUUID();
    private final AtomicLong probesSent = new AtomicLong();
    private final AtomicLong probesSeen = new AtomicLong();
    private volatile ReactiveRedisSubscriber subscriber;

    PerformanceChangeListener(ReactiveRedisDataSource redis, PerformanceDirectory directory) {
        this.redis = redis;
        this.directory = directory;
    }

    void onStart(@Observes StartupEvent event) {
        subscribe();
    }

    void onStop(@Observes ShutdownEvent event) {
        ReactiveRedisSubscriber current = subscriber;
        if (current != null) {
            current.unsubscribe().subscribe().with(done -> { }, failure -> { });
        }
    }

    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void checkSubscription() {
        if (probesSent.get() > probesSeen.get() || subscriber == null) {
            LOG.info("Subscription to " + CHANNEL + " lost (a probe did not come back); subscribing again");
            subscribe();
        }
        probesSent.incrementAndGet();
        try {
            redis.pubsub(String.class).publish(CHANNEL, probe).await().atMost(Duration.ofSeconds(1));
        } catch (RuntimeException e) {
            LOG.debugf("Probe not sent (Redis unavailable): %s", e.toString());
        }
    }

    private void subscribe() {
        probesSeen.set(probesSent.get());
        redis.pubsub(String.class).subscribe(CHANNEL, this::onMessage).subscribe().with(
                started -> subscriber = started,
                failure -> LOG.warnf("Could not subscribe to %s: %s", CHANNEL, failure.toString()));
    }

    private void onMessage(String message) {
        if (message.equals(probe)) {
            probesSeen.set(probesSent.get());
            return;
        }
        for (String id : message.split(",")) {
            if (id.strip().matches("\\d{1,18}")) {
                directory.evict(Long.parseLong(id.strip()));
            }
        }
    }
}
