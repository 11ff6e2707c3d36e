package dev.encore.catalog.service;

import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * After a performance's status changes: evicts it from the cache (which lives in Redis, so every replica sees
 * the eviction) and announces the ids, comma-separated, on the Redis channel {@value #CHANNEL} for services
 * that keep their own short-lived copies (booking-service). closing-job does the same two steps itself.
 * The announcement is best effort: a subscriber that misses it (Redis pub/sub keeps nothing) falls back on
 * its own TTL.
 */
@ApplicationScoped
public class PerformanceChanges {

    public static final String CHANNEL = "encore:performance-changes";
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
            redis.pubsub(String.class).publish(CHANNEL,
                    performanceIds.stream().map(String::valueOf).collect(Collectors.joining(",")));
        } catch (RuntimeException e) {
            LOG.warnf("Could not announce changed performances %s: %s", performanceIds, e.toString());
        }
    }
}
