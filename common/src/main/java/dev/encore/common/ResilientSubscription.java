package dev.encore.common;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands.ReactiveRedisSubscriber;
import org.jboss.logging.Logger;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A subscription to a Redis pub/sub channel that comes back after Redis restarts. The Quarkus Redis client drops a
 * subscription silently when its connection goes, so each {@link #check} publishes a probe of this subscriber's own
 * on the channel and subscribes again when the previous probe did not come back. Messages other than its probes go
 * to the consumer (on the Redis client's event loop: it must not block). Messages published while the subscription
 * is down are lost (Redis pub/sub keeps nothing): a subscriber keeps its copies time-limited anyway.
 */
public final class ResilientSubscription {

    private static final Logger LOG = Logger.getLogger(ResilientSubscription.class);

    private final ReactiveRedisDataSource redis;
    private final String channel;
    private final Consumer<String> consumer;
    private final String probe = "probe:" + UUID.randomUUID();
    private final AtomicLong probesSent = new AtomicLong();
    private final AtomicLong probesSeen = new AtomicLong();
    private volatile ReactiveRedisSubscriber subscriber;

    /** Not subscribed until {@link #start}. */
    public ResilientSubscription(ReactiveRedisDataSource redis, String channel, Consumer<String> consumer) {
        this.redis = redis;
        this.channel = channel;
        this.consumer = consumer;
    }

    /** Subscribes (asynchronously; a failure is logged and retried by the next {@link #check}). */
    public void start() {
        probesSeen.set(probesSent.get());
        redis.pubsub(String.class).subscribe(channel, this::onMessage).subscribe().with(
                started -> subscriber = started,
                failure -> LOG.warnf("Could not subscribe to %s: %s", channel, failure.toString()));
    }

    /** Unsubscribes, without waiting. */
    public void stop() {
        ReactiveRedisSubscriber current = subscriber;
        if (current != null) {
            current.unsubscribe().subscribe().with(done -> { }, failure -> { });
        }
    }

    /**
     * Subscribes again if the last probe has not come back, then sends the next one; never blocks. Call it every few
     * seconds; the interval bounds how long a lost subscription goes unnoticed.
     */
    public void check() {
        if (probesSent.get() > probesSeen.get() || subscriber == null) {
            LOG.info("Subscription to " + channel + " lost (a probe did not come back); subscribing again");
            start();
        }
        probesSent.incrementAndGet();
        redis.pubsub(String.class).publish(channel, probe).subscribe().with(
                received -> { },
                failure -> LOG.debugf("Probe not sent (Redis unavailable): %s", failure.toString()));
    }

    private void onMessage(String message) {
        if (message.equals(probe)) {
            probesSeen.set(probesSent.get());
        } else {
            consumer.accept(message);
        }
    }
}
