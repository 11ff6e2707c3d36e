package dev.encore.booking.client;

import dev.encore.booking.config.BookingConfig;
import dev.encore.booking.domain.DependencyUnavailableException;
import dev.encore.booking.domain.PerformanceLayout;
import dev.encore.booking.domain.PerformanceNotFoundException;
import dev.encore.booking.repository.SalesWindowRepository;
import dev.encore.common.PerformanceChanged;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Layouts and statuses of performances, kept in memory: a layout never changes once on sale, so a copy of any
 * age serves the seat map even while catalog-service is down; a status is trusted for {@code statusTtl} only,
 * which is what a hold needs. Each lookup is named by how fresh its answer is: {@link #freshStatus} (a status at
 * most {@code statusTtl} old, or a failure), {@link #freshIfReachable} (fresh, or the copy in memory while
 * catalog-service cannot answer), {@link #anyAge} (the copy in memory, fetched only when there is none) and
 * {@link #inMemory} (never fetched).
 */
@ApplicationScoped
public class PerformanceDirectory {

    private static final Logger LOG = Logger.getLogger(PerformanceDirectory.class);

    private record Entry(PerformanceLayout layout, Instant fetchedAt) {
    }

    private final CatalogClient catalog;
    private final BookingConfig config;
    private final SalesWindowRepository salesWindows;
    private final ConcurrentHashMap<Long, Entry> entries = new ConcurrentHashMap<>();
    // performances whose sales window this replica has recorded in PostgreSQL (the window never changes)
    private final Set<Long> windowsRecorded = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<Long, CompletableFuture<PerformanceLayout>> inFlight = new ConcurrentHashMap<>();

    PerformanceDirectory(CatalogClient catalog, BookingConfig config, SalesWindowRepository salesWindows) {
        this.catalog = catalog;
        this.config = config;
        this.salesWindows = salesWindows;
    }

    /** A layout with a status at most {@code statusTtl} old; 404 and 503 otherwise. */
    public PerformanceLayout freshStatus(long performanceId) {
        Entry entry = entries.get(performanceId);
        return isFresh(entry) ? entry.layout() : refresh(performanceId);
    }

    /**
     * {@link #freshStatus} without blocking the calling event loop: a fresh copy at once, otherwise the fetch runs on a
     * worker thread. A hold storm takes the first path on nearly every request.
     */
    public Uni<PerformanceLayout> freshStatusNonBlocking(long performanceId) {
        Entry entry = entries.get(performanceId);
        if (isFresh(entry)) {
            return Uni.createFrom().item(entry.layout());
        }
        return Uni.createFrom().item(() -> refresh(performanceId)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /**
     * A layout with a fresh status when catalog-service answers; when it cannot, the copy in memory whatever its
     * age (404 and 503 only when there is none).
     */
    public PerformanceLayout freshIfReachable(long performanceId) {
        Entry entry = entries.get(performanceId);
        if (entry == null) {
            return refresh(performanceId);
        }
        if (!isFresh(entry)) {
            try {
                return refresh(performanceId);
            } catch (DependencyUnavailableException e) {
                return entry.layout();
            }
        }
        return entry.layout();
    }

    private boolean isFresh(Entry entry) {
        return entry != null && entry.fetchedAt().plus(config.statusTtl()).isAfter(Instant.now());
    }

    /**
     * The layout known for the performance, whatever the age of its status: seats and prices never change once a
     * performance exists. Fetched only when none is known, so a caller holding a database transaction does not wait on
     * catalog-service because a status went stale.
     */
    public PerformanceLayout anyAge(long performanceId) {
        Entry entry = entries.get(performanceId);
        return entry != null ? entry.layout() : refresh(performanceId);
    }

    /**
     * The layout in memory whatever its age (fetched when there is none), with its status refreshed in the background
     * when older than {@code statusTtl}: the caller never waits on catalog-service for a status, and a catalog-service
     * that is down is asked once at a time. For the live seat map, which reads 4 times a second.
     */
    public PerformanceLayout anyAgeRefreshing(long performanceId) {
        Entry entry = entries.get(performanceId);
        if (entry == null) {
            return refresh(performanceId);
        }
        if (!isFresh(entry) && !inFlight.containsKey(performanceId)) {
            Infrastructure.getDefaultWorkerPool().execute(() -> {
                try {
                    refresh(performanceId);
                } catch (RuntimeException e) {
                    LOG.debugf("Status of performance %d not refreshed: %s", performanceId, e.toString());
                }
            });
        }
        return entry.layout();
    }

    /** The layout already in memory, if any: never calls catalog-service (for a caller that holds locks). */
    public Optional<PerformanceLayout> inMemory(long performanceId) {
        return Optional.ofNullable(entries.get(performanceId)).map(Entry::layout);
    }

    /** Forgets the status, so that the next hold asks catalog-service again. */
    public void evict(long performanceId) {
        entries.remove(performanceId);
    }

    // a status changed anywhere (catalog-service, closing-job): a closed performance refuses holds at once rather
    // than after statusTtl
    void onPerformanceChanged(@ObservesAsync PerformanceChanged change) {
        change.performanceIds().forEach(this::evict);
    }

    // one fetch per performance at a time: when a status goes stale in a storm, the other requests wait for that
    // fetch instead of all asking catalog-service at once
    private PerformanceLayout refresh(long performanceId) {
        CompletableFuture<PerformanceLayout> mine = new CompletableFuture<>();
        CompletableFuture<PerformanceLayout> running = inFlight.putIfAbsent(performanceId, mine);
        if (running != null) {
            return awaitOther(running);
        }
        try {
            PerformanceLayout layout = fetch(performanceId);
            if (!windowsRecorded.contains(performanceId)) {
                rememberWindow(layout);
            }
            entries.put(performanceId, new Entry(layout, Instant.now()));
            mine.complete(layout);
            return layout;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(performanceId, mine);
        }
    }

    // before any hold can be claimed: the claim finds no window and refuses without one. A database that cannot
    // record it now must not cost the seat map its layout; the next fetch tries again.
    private void rememberWindow(PerformanceLayout layout) {
        try {
            salesWindows.remember(layout);
            windowsRecorded.add(layout.performanceId());
        } catch (RuntimeException e) {
            LOG.warnf("The sales window of performance %d is not recorded yet: %s", layout.performanceId(), e.toString());
        }
    }

    private PerformanceLayout fetch(long performanceId) {
        try {
            return catalog.fetch(performanceId);
        } catch (CatalogClient.NotFound e) {
            entries.remove(performanceId);
            throw new PerformanceNotFoundException(performanceId);
        } catch (RuntimeException e) {
            LOG.warnf("catalog-service did not give the layout of performance %d: %s", performanceId, e.toString());
            throw new DependencyUnavailableException("catalog-service", Duration.ofSeconds(2), e);
        }
    }

    private static PerformanceLayout awaitOther(CompletableFuture<PerformanceLayout> running) {
        try {
            return running.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure
                    : new DependencyUnavailableException("catalog-service", Duration.ofSeconds(2), e.getCause());
        } catch (TimeoutException e) {
            throw new DependencyUnavailableException("catalog-service", Duration.ofSeconds(2), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DependencyUnavailableException("catalog-service", Duration.ofSeconds(2), e);
        }
    }
}
