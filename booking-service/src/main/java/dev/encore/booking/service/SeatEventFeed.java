package dev.encore.booking.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.encore.booking.service.SeatMapService.Seat;
import dev.encore.booking.service.SeatMapService.SeatMap;
import dev.encore.booking.service.SeatMapService.SeatStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
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

    // one per performance watched on this replica; every field is guarded by the feed itself
    private static final class Feed {
        final Set<MultiEmitter<? super SeatEvent>> watchers = ConcurrentHashMap.newKeySet();
        final Deque<Batch> recent = new ArrayDeque<>();
        Map<String, SeatStatus> states;
        long polledAt;
        long emptySince;
    }

    private final SeatMapService seatMaps;
    private final ObjectMapper json;
    private final Map<Long, Feed> feeds = new ConcurrentHashMap<>();

    SeatEventFeed(SeatMapService seatMaps, ObjectMapper json, MeterRegistry registry) {
        this.seatMaps = seatMaps;
        this.json = json;
        Gauge.builder("encore.seat.events.watchers", feeds,
                all -> all.values().stream().mapToInt(feed -> feed.watchers.size()).sum()).register(registry);
    }

    /**
     * The events of a performance for one watcher: first a snapshot (or, with a {@code lastEventId} this replica can
     * still replay from, the changes since), then every change as it is polled.
     *
     * @throws dev.encore.booking.domain.PerformanceNotFoundException for an unknown performance (before any event)
     */
    public Multi<SeatEvent> watch(long performanceId, Long lastEventId) {
        Feed feed = feeds.computeIfAbsent(performanceId, id -> new Feed());
        synchronized (feed) {
            if (feed.states == null) {
                try {
                    poll(performanceId, feed);
                } catch (RuntimeException e) {
                    feeds.remove(performanceId, feed);
                    throw e;
                }
            }
        }
        return Multi.createFrom().emitter(emitter -> {
            synchronized (feed) {
                emitter.emit(first(performanceId, feed, lastEventId));
                feed.watchers.add(emitter);
            }
            emitter.onTermination(() -> feed.watchers.remove(emitter));
        });
    }

    /** Polls every watched performance once; feeds nobody has watched for {@value #REPLAY_SECONDS} s are dropped. */
    @Scheduled(every = "{encore.booking.seat-events-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void pollWatched() {
        long now = System.currentTimeMillis();
        feeds.forEach((performanceId, feed) -> {
            synchronized (feed) {
                if (feed.watchers.isEmpty()) {
                    if (feed.emptySince == 0) {
                        feed.emptySince = now;
                    } else if (now - feed.emptySince > REPLAY_SECONDS * 1_000L) {
                        feeds.remove(performanceId);
                    }
                    return;
                }
                feed.emptySince = 0;
                try {
                    Map<String, SeatStatus> before = feed.states;
                    poll(performanceId, feed);
                    Map<String, SeatStatus> changed = new LinkedHashMap<>();
                    feed.states.forEach((seat, status) -> {
                        if (before != null && before.get(seat) != status) {
                            changed.put(seat, status);
                        }
                    });
                    if (!changed.isEmpty()) {
                        Batch batch = new Batch(feed.polledAt, changed);
                        feed.recent.addLast(batch);
                        while (!feed.recent.isEmpty() && feed.recent.peekFirst().id() < now - REPLAY_SECONDS * 1_000L) {
                            feed.recent.removeFirst();
                        }
                        SeatEvent event = new SeatEvent(batch.id(), "seats", encode(changes(changed)));
                        feed.watchers.forEach(watcher -> watcher.emit(event));
                    }
                } catch (RuntimeException e) {
                    // Redis and PostgreSQL both unreachable: the next poll tries again, watchers stay connected
                    LOG.debugf("Seat events of performance %d not polled: %s", performanceId, e.toString());
                }
            }
        });
    }

    private void poll(long performanceId, Feed feed) {
        SeatMap map = seatMaps.seatMap(performanceId);
        Map<String, SeatStatus> states = new LinkedHashMap<>(map.seats().size() * 2);
        for (Seat seat : map.seats()) {
            states.put(seat.id(), seat.status());
        }
        feed.states = states;
        // strictly increasing ids, whatever the clock does
        feed.polledAt = Math.max(System.currentTimeMillis(), feed.polledAt + 1);
    }

    private SeatEvent first(long performanceId, Feed feed, Long lastEventId) {
        Batch oldest = feed.recent.peekFirst();
        long replayableFrom = oldest == null ? feed.polledAt : oldest.id();
        if (lastEventId != null && lastEventId >= replayableFrom - SKEW_MILLIS && lastEventId <= feed.polledAt) {
            Map<String, SeatStatus> missed = new LinkedHashMap<>();
            feed.recent.stream().filter(batch -> batch.id() > lastEventId - SKEW_MILLIS)
                    .forEach(batch -> missed.putAll(batch.changes()));
            return new SeatEvent(feed.polledAt, "seats", encode(changes(missed)));
        }
        Map<String, SeatStatus> taken = new LinkedHashMap<>();
        feed.states.forEach((seat, status) -> {
            if (status != SeatStatus.AVAILABLE) {
                taken.put(seat, status);
            }
        });
        return new SeatEvent(feed.polledAt, "snapshot",
                encode(Map.of("performanceId", performanceId, "taken", changes(taken))));
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
