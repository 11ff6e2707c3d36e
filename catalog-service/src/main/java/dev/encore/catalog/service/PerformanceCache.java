package dev.encore.catalog.service;

import dev.encore.catalog.config.CatalogConfig;
import dev.encore.catalog.repository.PerformanceRepository;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Read-through cache of the catalog's public JSON in Redis. Keys: {@code catalog:performance:<id>},
 * {@code catalog:layout:<id>}, {@code catalog:listing:<generation>:<query>}. Listings are dropped all at once by
 * bumping {@code catalog:listing:generation}. These names are a contract: closing-job evicts the same keys after
 * it closes performances. The cache is never needed: when Redis fails, reads go to PostgreSQL
 * (counted as {@code encore_catalog_cache_total{result="unavailable"}}), and writes succeed whatever Redis does.
 */
@ApplicationScoped
public class PerformanceCache {

    private static final Logger LOG = Logger.getLogger(PerformanceCache.class);
    private static final String GENERATION_KEY = "catalog:listing:generation";

    private final RedisJsonCache redis;
    private final CatalogConfig.Cache config;
    private final MeterRegistry registry;

    PerformanceCache(RedisJsonCache redis, CatalogConfig config, MeterRegistry registry) {
        this.redis = redis;
        this.config = config.cache();
        this.registry = registry;
    }

    public String performance(long id, Supplier<String> load) {
        return readThrough("catalog:performance:" + id, config.detailTtl(), load);
    }

    public String layout(long id, Supplier<String> load) {
        return readThrough("catalog:layout:" + id, config.detailTtl(), load);
    }

    public String listing(PerformanceRepository.Filter filter, int page, int size, Supplier<String> load) {
        if (!config.enabled() || page >= config.cachedListingPages()) {
            return load.get();
        }
        Optional<Long> generation = attempt(() -> redis.counter(GENERATION_KEY));
        if (generation.isEmpty()) {
            return load.get();
        }
        String key = "catalog:listing:" + generation.get() + ":" + filter.status().map(Enum::name).orElse("")
                + ":" + filter.from().map(Object::toString).orElse("") + ":" + filter.to().map(Object::toString).orElse("")
                + ":" + page + ":" + size;
        return readThrough(key, config.listingTtl(), load);
    }

    /** After any change to these performances: their details and layouts, and every cached listing. */
    public void evict(Collection<Long> performanceIds) {
        List<String> keys = new ArrayList<>();
        for (Long id : performanceIds) {
            keys.add("catalog:performance:" + id);
            keys.add("catalog:layout:" + id);
        }
        if (attempt(() -> {
            redis.delete(keys);
            return redis.increment(GENERATION_KEY);
        }).isEmpty()) {
            LOG.warnf("Cache eviction of performances %s failed: stale for at most %s", performanceIds, config.detailTtl());
        }
    }

    public void evictListings() {
        if (attempt(() -> redis.increment(GENERATION_KEY)).isEmpty()) {
            LOG.warnf("Listing invalidation failed: listings stale for at most %s", config.listingTtl());
        }
    }

    private String readThrough(String key, Duration ttl, Supplier<String> load) {
        if (!config.enabled()) {
            return load.get();
        }
        Optional<String> cached = attempt(() -> redis.get(key));
        if (cached.isPresent()) {
            registry.counter("encore.catalog.cache", "result", "hit").increment();
            return cached.get();
        }
        String json = load.get();
        if (attempt(() -> {
            redis.put(key, json, ttl);
            return key;
        }).isPresent()) {
            registry.counter("encore.catalog.cache", "result", "miss").increment();
        }
        return json;
    }

    private <T> Optional<T> attempt(Supplier<T> redisCall) {
        try {
            return Optional.ofNullable(redisCall.get());
        } catch (RuntimeException e) {
            registry.counter("encore.catalog.cache", "result", "unavailable").increment();
            LOG.debugf("Catalog cache unavailable: %s", e.toString());
            return Optional.empty();
        }
    }
}
