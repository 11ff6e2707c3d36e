package dev.encore.catalog.service;

import dev.encore.common.PerformanceChangeChannel;
import dev.encore.common.PerformanceChanged;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import org.jboss.logging.Logger;

import java.util.Collection;

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

    PerformanceChanges(RedisDataSource redis, PerformanceCache cache) {
        this.redis = redis;
        this.cache = cache;
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

    // announced on the channel by any service, this one included (evicting twice costs one more listing generation)
    void onAnnounced(@ObservesAsync PerformanceChanged change) {
        cache.evict(change.performanceIds());
    }
}
