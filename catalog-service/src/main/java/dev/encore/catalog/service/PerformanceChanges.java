package dev.encore.catalog.service;

import dev.encore.common.PerformanceChangeChannel;
import dev.encore.common.ResilientSubscription;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.Collection;
import java.util.List;

/**
 * catalog-service owns {@link PerformanceChangeChannel}. After a status change here, {@link #announce} evicts the
 * performances from the cache (which lives in Redis, so every replica sees it) and announces them on the channel for
 * services that keep their own short-lived copies (booking-service). It also listens: a change announced by another
 * service (closing-job closes performances) evicts them here, so the cache and its key names stay this service's
 * own. The announcement is best effort (Redis pub/sub keeps nothing): a cache entry that misses one lives at most
 * its TTL.
 */
@ApplicationScoped
public class PerformanceChanges {

    private static final Logger LOG = Logger.getLogger(PerformanceChanges.class);

    private final RedisDataSource redis;
    private final PerformanceCache cache;
    private final ResilientSubscription subscription;

    PerformanceChanges(RedisDataSource redis, ReactiveRedisDataSource reactiveRedis, PerformanceCache cache) {
        this.redis = redis;
        this.cache = cache;
        this.subscription = new ResilientSubscription(reactiveRedis, PerformanceChangeChannel.NAME, this::onMessage);
    }

    /** Never fails the caller, whose write has already committed. */
    public void announce(Collection<Long> performanceIds) {
        if (performanceIds.isEmpty()) {
            return;
        }
        cache.evict(performanceIds);
        try {
            redis.pubsub(String.class).publish(PerformanceChangeChannel.NAME, PerformanceChangeChannel.payload(performanceIds));
        } catch (RuntimeException e) {
            LOG.warnf("Could not announce changed performances %s: %s", performanceIds, e.toString());
        }
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

    // on the Redis client's event loop: the eviction's blocking Redis calls run on a worker thread
    private void onMessage(String message) {
        List<Long> ids = PerformanceChangeChannel.ids(message);
        if (!ids.isEmpty()) {
            Infrastructure.getDefaultWorkerPool().execute(() -> cache.evict(ids));
        }
    }
}
