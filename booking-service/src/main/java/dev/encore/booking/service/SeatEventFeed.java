package dev.encore.booking.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.encore.booking.config.BookingConfig;
import dev.encore.booking.service.SeatMapService.Seat;
import dev.encore.booking.service.SeatMapService.SeatMap;
import dev.encore.booking.service.SeatMapService.SeatStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
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
    // a comment line this often keeps an idle stream open through proxies that close silent connections (the
    // edge's stream idle timeout is 30 s)
    private static final long HEARTBEAT_MILLIS = 5_000;
    private static final Buffer HEARTBEAT = Buffer.buffer(":\n\n");
    // how long polls may fail before watchers are told their map is stale
    private static final long STALE_AFTER_MILLIS = 2_000;
    private static final Logger LOG = Logger.getLogger(SeatEventFeed.class);

    /**
     * One event: its id (0 for none), its name ({@code seats}, {@code snapshot}, {@code status}, {@code stale}), its
     * JSON data (one line), and the event as it goes on the wire, framed once for every watcher (WHATWG HTML,
     * "Server-sent events", the {@code id}, {@code event} and {@code data} fields, a blank line after).
     */
    public record SeatEvent(long id, String name, String data, Buffer framed) {

        static SeatEvent of(long id, String name, String data) {
            return new SeatEvent(id, name, data, Buffer.buffer("id: " + id + "\nevent: " + name + "\ndata: " + data + "\n\n"));
        }
    }

    /**
     * One open stream of a performance's events. The feed hands it every event on its event loop, the events of one
     * poll to all of a loop's watchers in one task.
     */
    public interface Watcher {

        /** The event loop the stream is written on. */
        Context context();

        /**
         * Writes one framed event, on {@link #context()}. Answers false when the stream is gone, or when the watcher
         * is too far behind (it is then closed): the feed drops it, and the client reconnects with its
         * {@code Last-Event-ID}.
         */
        boolean send(Buffer framed);
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
        final Set<Watcher> watchers = ConcurrentHashMap.newKeySet();
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
    private final Timer delivery;
    private ScheduledExecutorService poller;
    private long heartbeatAt;

    SeatEventFeed(SeatMapService seatMaps, ObjectMapper json, MeterRegistry registry, BookingConfig config) {
        this.seatMaps = seatMaps;
        this.json = json;
        this.registry = registry;
        this.config = config;
        Gauge.builder("encore.seat.events.watchers", feeds,
                all -> all.values().stream().mapToInt(feed -> feed.watchers.size()).sum()).register(registry);
        Gauge.builder("encore.seat.events.feeds", feeds, Map::size).register(registry);
        // how late the last stream of a loop got a poll's event: the server's share of a watcher's delay
        this.delivery = Timer.builder("encore.seat.events.delivery")
                .description("From a poll to its event written to every stream of one event loop")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
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
     * Adds a watcher to a performance's feed: it is sent a snapshot first (or, with a {@code lastEventId} this replica
     * can still replay from, the changes since), then every change as it is polled. Reads Redis when the feed is new
     * or unwatched (blocking: call it on a worker thread).
     *
     * @throws dev.encore.booking.domain.PerformanceNotFoundException for an unknown performance (before any event)
     * @throws dev.encore.booking.domain.DependencyUnavailableException when the layout cannot be read (catalog-service)
     */
    public void join(long performanceId, Long lastEventId, Watcher watcher) {
        while (true) {
            Feed feed = feeds.computeIfAbsent(performanceId, id -> new Feed());
            // a feed nobody watches is not polled: its states are read now, so the snapshot is of now
            boolean stale = feed.states == null || feed.watchers.isEmpty();
            Map<String, SeatStatus> states = null;
            String status = null;
            if (stale) {
                SeatMap map;
                try {
                    map = seatMaps.currentStates(performanceId);
                } catch (RuntimeException e) {
                    synchronized (feed) {
                        if (feed.states == null && feed.watchers.isEmpty()) {
                            feed.closed = true;
                            feeds.remove(performanceId, feed);
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
                // the first event is queued on the watcher's loop before a poll can list the watcher: it comes first
                deliver(feed, List.of(watcher), first(performanceId, feed, lastEventId).framed());
                feed.watchers.add(watcher);
                feed.emptySince = 0;
                return;
            }
        }
    }

    /** Removes a watcher whose stream ended; the feed goes after {@value #REPLAY_SECONDS} s without watchers. */
    public void leave(long performanceId, Watcher watcher) {
        Feed feed = feeds.get(performanceId);
        if (feed != null) {
            feed.watchers.remove(watcher);
        }
    }

    private static void deliver(Feed feed, Collection<Watcher> watchers, Buffer framed) {
        deliver(feed, watchers, framed, () -> {
        });
    }

    // a poll's event: each loop's task, once it has written the event to all of its streams, times it from the poll
    private void deliverPolled(Feed feed, Collection<Watcher> watchers, SeatEvent event) {
        deliver(feed, watchers, event.framed(),
                () -> delivery.record(Math.max(0, System.currentTimeMillis() - event.id()), TimeUnit.MILLISECONDS));
    }

    // one task per event loop for all its watchers, not one per watcher: a poll of a performance 10,000 watch costs
    // a few tasks, and each writes the same framed bytes to every stream of its loop, then runs written
    private static void deliver(Feed feed, Collection<Watcher> watchers, Buffer framed, Runnable written) {
        Map<Context, List<Watcher>> byLoop = new HashMap<>();
        for (Watcher watcher : watchers) {
            byLoop.computeIfAbsent(watcher.context(), loop -> new ArrayList<>()).add(watcher);
        }
        byLoop.forEach((loop, group) -> loop.runOnContext(ignored -> {
            for (Watcher watcher : group) {
                if (!watcher.send(framed)) {
                    feed.watchers.remove(watcher);
                }
            }
            written.run();
        }));
    }

    // an Error escaping would cancel the schedule for good, without a word
    private void pollWatchedSafely() {
        try {
            pollWatched();
        } catch (Throwable e) {
            LOG.error("Seat events: a poll failed; the next one runs as scheduled", e);
        }
    }

    /**
     * Polls every watched performance once; feeds nobody has watched for {@value #REPLAY_SECONDS} s are dropped.
     * Every 5 s, every watcher also gets a comment line.
     */
    void pollWatched() {
        long now = System.currentTimeMillis();
        if (now - heartbeatAt >= HEARTBEAT_MILLIS) {
            heartbeatAt = now;
            feeds.values().forEach(feed -> deliver(feed, List.copyOf(feed.watchers), HEARTBEAT));
        }
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
            List<Watcher> watchers;
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
                deliverPolled(feed, watchers, event);
            }
        });
    }

    // Redis and PostgreSQL both unreachable, or catalog-service for a layout not yet known: the watchers stay, and
    // after 2 s they are told their map is stale (event "stale") so that they can fall back to GET …/seats
    private void failed(long performanceId, Feed feed, long now, RuntimeException e) {
        registry.counter("encore.seat.events.poll.failures").increment();
        List<Watcher> watchers = List.of();
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
                stale = SeatEvent.of(feed.polledAt, "stale", encode(Map.of("performanceId", performanceId, "since", feed.polledAt)));
                watchers = List.copyOf(feed.watchers);
            }
        }
        if (stale != null) {
            deliver(feed, watchers, stale.framed());
        }
    }

    // under the feed's lock: takes the states read, records what changed in the history, and says what to send
    private List<SeatEvent> advance(long performanceId, Feed feed, Map<String, SeatStatus> states, String status, long now) {
        List<SeatEvent> events = new ArrayList<>(2);
        Map<String, SeatStatus> before = feed.states;
        String statusBefore = feed.status;
        swap(feed, states, status);
        if (statusBefore != null && !statusBefore.equals(status)) {
            events.add(SeatEvent.of(feed.polledAt, "status", encode(Map.of("performanceId", performanceId, "status", status))));
        }
        Map<String, SeatStatus> changed = new LinkedHashMap<>();
        states.forEach((seat, seatStatus) -> {
            if (before != null && before.get(seat) != seatStatus) {
                changed.put(seat, seatStatus);
            }
        });
        if (!changed.isEmpty()) {
            feed.recent.addLast(new Batch(feed.polledAt, changed));
            events.add(SeatEvent.of(feed.polledAt, "seats", encode(changes(changed))));
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
            return SeatEvent.of(feed.polledAt, "seats", encode(changes(missed)));
        }
        if (feed.snapshot == null) {
            Map<String, SeatStatus> taken = new LinkedHashMap<>();
            feed.states.forEach((seat, status) -> {
                if (status != SeatStatus.AVAILABLE) {
                    taken.put(seat, status);
                }
            });
            feed.snapshot = SeatEvent.of(feed.polledAt, "snapshot",
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
