package dev.encore.booking.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.encore.booking.config.BookingConfig;
import dev.encore.booking.service.SeatMapService.Seat;
import dev.encore.booking.service.SeatMapService.SeatMap;
import dev.encore.booking.service.SeatMapService.SeatStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The live seat map: each replica polls, for every performance somebody is watching on it, the seat states in Redis
 * (the locks every replica writes, so a change made anywhere is seen everywhere) every {@code seat-events-interval},
 * and sends what changed since the last poll as one event: changes are coalesced per interval, and a seat that
 * changes twice within one shows its latest state. Event ids are the poll's wall-clock time in milliseconds, so a
 * client that reconnects to any replica with {@code Last-Event-ID} gets the changes seen since then, replayed from
 * the last {@value #REPLAY_SECONDS} s of this replica's polls (with a margin for the replicas' clock skew: statuses are
 * absolute, so a change sent twice is harmless); older, unknown or absent ids get a snapshot of every taken seat first.
 */
@ApplicationScoped
public class SeatEventFeed {

    /** How far back a reconnecting client is replayed; beyond that it gets a snapshot. */
    public static final int REPLAY_SECONDS = 30;
    // replicas' clocks differ by less than this (NTP keeps them within milliseconds); a change is replayed if seen
    // up to this long before the client's last id
    private static final long SKEW_MILLIS = 1_000;
    private static final Logger LOG = Logger.getLogger(SeatEventFeed.class);

    /** One event: its id (0 for none), its name ({@code seats}, {@code snapshot}), its JSON data. */
    public record SeatEvent(long id, String name, String data) {
    }

    /** One seat's new state, as in the seat map: {@code {id, status}}. */
    @RegisterForReflection
    public record Change(String id, SeatStatus status) {
    }

    private record Batch(long id, Map<String, SeatStatus> changes) {
    }

    // one per performance watched on this replica. Its lock is held only to swap states and list watchers, never
    // during a Redis read or a write to a watcher: new watchers take it on the event loop
    private static final class Feed {
        final Set<MultiEmitter<? super SeatEvent>> watchers = ConcurrentHashMap.newKeySet();
        final Deque<Batch> recent = new ArrayDeque<>();
        volatile Map<String, SeatStatus> states;
        SeatEvent snapshot;
        long polledAt;
        long emptySince;
    }

    private final SeatMapService seatMaps;
    private final ObjectMapper json;
    private final Map<Long, Feed> feeds = new ConcurrentHashMap<>();
    private final BookingConfig config;
    private ScheduledExecutorService poller;

    SeatEventFeed(SeatMapService seatMaps, ObjectMapper json, MeterRegistry registry, BookingConfig config) {
        this.seatMaps = seatMaps;
        this.json = json;
        this.config = config;
        Gauge.builder("encore.seat.events.watchers", feeds,
                all -> all.values().stream().mapToInt(feed -> feed.watchers.size()).sum()).register(registry);
    }

    // Quarkus' scheduler runs nothing more often than once a second: a thread of its own polls
    @PostConstruct
    void start() {
        long interval = config.seatEventsInterval().toMillis();
        poller = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("seat-events").daemon(true).factory());
        poller.scheduleWithFixedDelay(this::pollWatched, interval, interval, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        poller.shutdownNow();
    }

    /**
     * The events of a performance for one watcher: first a snapshot (or, with a {@code lastEventId} this replica can
     * still replay from, the changes since), then every change as it is polled.
     *
     * @throws dev.encore.booking.domain.PerformanceNotFoundException for an unknown performance (before any event)
     */
    public Multi<SeatEvent> watch(long performanceId, Long lastEventId) {
        Feed feed = feeds.computeIfAbsent(performanceId, id -> new Feed());
        if (feed.states == null) {
            Map<String, SeatStatus> states;
            try {
                states = read(performanceId);
            } catch (RuntimeException e) {
                feeds.remove(performanceId, feed);
                throw e;
            }
            synchronized (feed) {
                if (feed.states == null) {
                    swap(feed, states);
                }
            }
        }
        return Multi.createFrom().emitter(emitter -> {
            // the first event and the joining under one lock: a poll lists this watcher only after its first event
            synchronized (feed) {
                emitter.emit(first(performanceId, feed, lastEventId));
                feed.watchers.add(emitter);
            }
            emitter.onTermination(() -> feed.watchers.remove(emitter));
        });
    }

    /** Polls every watched performance once; feeds nobody has watched for {@value #REPLAY_SECONDS} s are dropped. */
    void pollWatched() {
        long now = System.currentTimeMillis();
        feeds.forEach((performanceId, feed) -> {
            if (feed.watchers.isEmpty()) {
                synchronized (feed) {
                    if (feed.emptySince == 0) {
                        feed.emptySince = now;
                    } else if (now - feed.emptySince > REPLAY_SECONDS * 1_000L) {
                        feeds.remove(performanceId);
                    }
                }
                return;
            }
            try {
                Map<String, SeatStatus> states = read(performanceId);
                SeatEvent event;
                List<MultiEmitter<? super SeatEvent>> watchers;
                synchronized (feed) {
                    feed.emptySince = 0;
                    Map<String, SeatStatus> before = feed.states;
                    swap(feed, states);
                    Map<String, SeatStatus> changed = new LinkedHashMap<>();
                    states.forEach((seat, status) -> {
                        if (before != null && before.get(seat) != status) {
                            changed.put(seat, status);
                        }
                    });
                    if (changed.isEmpty()) {
                        return;
                    }
                    Batch batch = new Batch(feed.polledAt, changed);
                    feed.recent.addLast(batch);
                    while (!feed.recent.isEmpty() && feed.recent.peekFirst().id() < now - REPLAY_SECONDS * 1_000L) {
                        feed.recent.removeFirst();
                    }
                    event = new SeatEvent(batch.id(), "seats", encode(changes(changed)));
                    watchers = List.copyOf(feed.watchers);
                }
                watchers.forEach(watcher -> watcher.emit(event));
            } catch (RuntimeException e) {
                // Redis and PostgreSQL both unreachable: the next poll tries again, watchers stay connected
                LOG.debugf("Seat events of performance %d not polled: %s", performanceId, e.toString());
            }
        });
    }

    private Map<String, SeatStatus> read(long performanceId) {
        SeatMap map = seatMaps.seatMap(performanceId);
        Map<String, SeatStatus> states = new LinkedHashMap<>(map.seats().size() * 2);
        for (Seat seat : map.seats()) {
            states.put(seat.id(), seat.status());
        }
        return states;
    }

    // under the feed's lock
    private static void swap(Feed feed, Map<String, SeatStatus> states) {
        feed.states = states;
        feed.snapshot = null;
        // strictly increasing ids, whatever the clock does
        feed.polledAt = Math.max(System.currentTimeMillis(), feed.polledAt + 1);
    }

    // under the feed's lock; the snapshot is encoded once per poll, whoever joins
    private SeatEvent first(long performanceId, Feed feed, Long lastEventId) {
        Batch oldest = feed.recent.peekFirst();
        long replayableFrom = oldest == null ? feed.polledAt : oldest.id();
        if (lastEventId != null && lastEventId >= replayableFrom - SKEW_MILLIS && lastEventId <= feed.polledAt) {
            Map<String, SeatStatus> missed = new LinkedHashMap<>();
            feed.recent.stream().filter(batch -> batch.id() > lastEventId - SKEW_MILLIS)
                    .forEach(batch -> missed.putAll(batch.changes()));
            return new SeatEvent(feed.polledAt, "seats", encode(changes(missed)));
        }
        if (feed.snapshot == null) {
            Map<String, SeatStatus> taken = new LinkedHashMap<>();
            feed.states.forEach((seat, status) -> {
                if (status != SeatStatus.AVAILABLE) {
                    taken.put(seat, status);
                }
            });
            feed.snapshot = new SeatEvent(feed.polledAt, "snapshot",
                    encode(Map.of("performanceId", performanceId, "taken", changes(taken))));
        }
        return feed.snapshot;
    }

    private static List<Change> changes(Map<String, SeatStatus> states) {
        List<Change> changes = new ArrayList<>(states.size());
        states.forEach((seat, status) -> changes.add(new Change(seat, status)));
        return changes;
    }

    private String encode(Object data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
