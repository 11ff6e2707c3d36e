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
 * A change of the performance's status is sent as a {@code status} event; polls failing for 2 s, as {@code stale}.
 */
@ApplicationScoped
public class SeatEventFeed {

    /** How far back a reconnecting client is replayed; beyond that it gets a snapshot. */
    public static final int REPLAY_SECONDS = 30;
    // replicas' clocks differ by less than this (NTP keeps them within milliseconds); a change is replayed if seen
    // up to this long before the client's last id
    private static final long SKEW_MILLIS = 1_000;
    private static final int MAX_UNREAD = 256;
    // how long polls may fail before watchers are told their map is stale
    private static final long STALE_AFTER_MILLIS = 2_000;
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

    // one per performance watched on this replica. Its lock is held to swap states, list watchers and let one join;
    // never during a Redis read
    private static final class Feed {
        final Set<MultiEmitter<? super SeatEvent>> watchers = ConcurrentHashMap.newKeySet();
        final Deque<Batch> recent = new ArrayDeque<>();
        volatile Map<String, SeatStatus> states;
        String status;
        SeatEvent snapshot;
        long polledAt;
        // every change after this poll time is in recent: a resume from before it gets a snapshot
        long historyFrom;
        long emptySince;
        int failures;
        boolean closed;
    }

    private final SeatMapService seatMaps;
    private final ObjectMapper json;
    private final MeterRegistry registry;
    private final Map<Long, Feed> feeds = new ConcurrentHashMap<>();
    private final BookingConfig config;
    private ScheduledExecutorService poller;

    SeatEventFeed(SeatMapService seatMaps, ObjectMapper json, MeterRegistry registry, BookingConfig config) {
        this.seatMaps = seatMaps;
        this.json = json;
        this.registry = registry;
        this.config = config;
        Gauge.builder("encore.seat.events.watchers", feeds,
                all -> all.values().stream().mapToInt(feed -> feed.watchers.size()).sum()).register(registry);
        Gauge.builder("encore.seat.events.feeds", feeds, Map::size).register(registry);
    }

    // Quarkus' scheduler runs nothing more often than once a second: a thread of its own polls
    @PostConstruct
    void start() {
        long interval = config.seatEventsInterval().toMillis();
        poller = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("seat-events").daemon(true).factory());
        poller.scheduleWithFixedDelay(this::pollWatchedSafely, interval, interval, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        poller.shutdownNow();
    }

    /**
     * The events of a performance for one watcher: first a snapshot (or, with a {@code lastEventId} this replica can
     * still replay from, the changes since), then every change as it is polled. Reads Redis when the feed is new or
     * unwatched (blocking: call it on a worker thread).
     *
     * @throws dev.encore.booking.domain.PerformanceNotFoundException for an unknown performance (before any event)
     */
    public Multi<SeatEvent> watch(long performanceId, Long lastEventId) {
        Feed feed;
        while (true) {
            feed = feeds.computeIfAbsent(performanceId, id -> new Feed());
            // a feed nobody watches is not polled: its states are read now, so the snapshot is of now
            boolean stale = feed.states == null || feed.watchers.isEmpty();
            Map<String, SeatStatus> states = null;
            String status = null;
            if (stale) {
                SeatMap map;
                try {
                    map = seatMaps.currentStates(performanceId);
                } catch (RuntimeException e) {
                    Feed failed = feed;
                    synchronized (failed) {
                        if (failed.states == null && failed.watchers.isEmpty()) {
                            failed.closed = true;
                            feeds.remove(performanceId, failed);
                        }
                    }
                    throw e;
                }
                states = statesOf(map);
                status = map.status();
            }
            synchronized (feed) {
                if (feed.closed) {
                    continue;
                }
                if (stale && feed.watchers.isEmpty()) {
                    if (feed.states == null) {
                        swap(feed, states, status);
                        feed.historyFrom = feed.polledAt;
                    } else {
                        // a poll nobody hears: its changes still go into the history a reconnecting client resumes from
                        advance(performanceId, feed, states, status, System.currentTimeMillis());
                    }
                }
                break;
            }
        }
        Feed joined = feed;
        return Multi.createFrom().<SeatEvent>emitter(emitter -> {
            // the first event and the joining under one lock: a poll lists this watcher only after its first event
            synchronized (joined) {
                if (joined.closed) {
                    // dropped in the instant between: the stream ends and the client reconnects
                    emitter.fail(new IllegalStateException("seat events of performance " + performanceId + " restarted"));
                    return;
                }
                emitter.emit(first(performanceId, joined, lastEventId));
                joined.watchers.add(emitter);
                joined.emptySince = 0;
            }
            emitter.onTermination(() -> joined.watchers.remove(emitter));
        })
                // a watcher that stops reading is dropped once 256 events (a minute of storm) wait for it; it
                // reconnects with its Last-Event-ID and gets them merged
                .onOverflow().buffer(MAX_UNREAD);
    }

    // an Error escaping would cancel the schedule for good, without a word
    private void pollWatchedSafely() {
        try {
            pollWatched();
        } catch (Throwable e) {
            LOG.error("Seat events: a poll failed; the next one runs as scheduled", e);
        }
    }

    /** Polls every watched performance once; feeds nobody has watched for {@value #REPLAY_SECONDS} s are dropped. */
    void pollWatched() {
        long now = System.currentTimeMillis();
        feeds.forEach((performanceId, feed) -> {
            if (feed.watchers.isEmpty()) {
                synchronized (feed) {
                    if (!feed.watchers.isEmpty()) {
                        return;
                    }
                    if (feed.emptySince == 0) {
                        feed.emptySince = now;
                    } else if (now - feed.emptySince > REPLAY_SECONDS * 1_000L) {
                        feed.closed = true;
                        feeds.remove(performanceId, feed);
                    }
                }
                return;
            }
            SeatMap map;
            try {
                map = seatMaps.currentStates(performanceId);
            } catch (RuntimeException e) {
                failed(performanceId, feed, now, e);
                return;
            }
            Map<String, SeatStatus> states = statesOf(map);
            List<SeatEvent> events;
            List<MultiEmitter<? super SeatEvent>> watchers;
            synchronized (feed) {
                if (feed.failures > 0) {
                    LOG.infof("Seat events of performance %d: polled again after %d failed polls", performanceId, feed.failures);
                    feed.failures = 0;
                }
                events = advance(performanceId, feed, states, map.status(), now);
                if (events.isEmpty()) {
                    return;
                }
                watchers = List.copyOf(feed.watchers);
            }
            for (SeatEvent event : events) {
                watchers.forEach(watcher -> watcher.emit(event));
            }
        });
    }

    // Redis and PostgreSQL both unreachable, or catalog-service for a layout not yet known: the watchers stay, and
    // after 2 s they are told their map is stale (event "stale") so that they can fall back to GET …/seats
    private void failed(long performanceId, Feed feed, long now, RuntimeException e) {
        registry.counter("encore.seat.events.poll.failures").increment();
        List<MultiEmitter<? super SeatEvent>> watchers = List.of();
        SeatEvent stale = null;
        synchronized (feed) {
            feed.failures++;
            if (feed.failures == 1) {
                LOG.warnf("Seat events of performance %d: poll failed, retried every interval: %s", performanceId, e.toString());
            }
            long interval = config.seatEventsInterval().toMillis();
            boolean nowStale = feed.failures * interval >= STALE_AFTER_MILLIS && (feed.failures - 1) * interval < STALE_AFTER_MILLIS;
            // and again every 40 failed polls (10 s at 250 ms), for watchers that joined meanwhile
            if (nowStale || (feed.failures * interval > STALE_AFTER_MILLIS && feed.failures % 40 == 0)) {
                stale = new SeatEvent(feed.polledAt, "stale", encode(Map.of("performanceId", performanceId, "since", feed.polledAt)));
                watchers = List.copyOf(feed.watchers);
            }
        }
        for (MultiEmitter<? super SeatEvent> watcher : watchers) {
            watcher.emit(stale);
        }
    }

    // under the feed's lock: takes the states read, records what changed in the history, and says what to send
    private List<SeatEvent> advance(long performanceId, Feed feed, Map<String, SeatStatus> states, String status, long now) {
        List<SeatEvent> events = new ArrayList<>(2);
        Map<String, SeatStatus> before = feed.states;
        String statusBefore = feed.status;
        swap(feed, states, status);
        if (statusBefore != null && !statusBefore.equals(status)) {
            events.add(new SeatEvent(feed.polledAt, "status", encode(Map.of("performanceId", performanceId, "status", status))));
        }
        Map<String, SeatStatus> changed = new LinkedHashMap<>();
        states.forEach((seat, seatStatus) -> {
            if (before != null && before.get(seat) != seatStatus) {
                changed.put(seat, seatStatus);
            }
        });
        if (!changed.isEmpty()) {
            feed.recent.addLast(new Batch(feed.polledAt, changed));
            events.add(new SeatEvent(feed.polledAt, "seats", encode(changes(changed))));
        }
        while (!feed.recent.isEmpty() && feed.recent.peekFirst().id() < now - REPLAY_SECONDS * 1_000L) {
            feed.historyFrom = feed.recent.removeFirst().id();
        }
        return events;
    }

    private static Map<String, SeatStatus> statesOf(SeatMap map) {
        Map<String, SeatStatus> states = new LinkedHashMap<>(map.seats().size() * 2);
        for (Seat seat : map.seats()) {
            states.put(seat.id(), seat.status());
        }
        return states;
    }

    // under the feed's lock
    private static void swap(Feed feed, Map<String, SeatStatus> states, String status) {
        feed.states = states;
        feed.status = status;
        feed.snapshot = null;
        // strictly increasing ids, whatever the clock does
        feed.polledAt = Math.max(System.currentTimeMillis(), feed.polledAt + 1);
    }

    // under the feed's lock; the snapshot is encoded once per poll, whoever joins
    private SeatEvent first(long performanceId, Feed feed, Long lastEventId) {
        if (lastEventId != null && lastEventId - SKEW_MILLIS >= feed.historyFrom && lastEventId <= feed.polledAt) {
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
                    encode(Map.of("performanceId", performanceId, "status", feed.status, "taken", changes(taken))));
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
