package dev.encore.booking.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.encore.booking.client.PerformanceDirectory;
import dev.encore.booking.config.BookingConfig;
import dev.encore.booking.domain.PerformanceLayout;
import dev.encore.booking.repository.SeatClaimRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The whole seat map in one answer: layout from catalog-service (cached), seat states from the Redis locks. In a
 * storm thousands of clients poll the same map, so each replica renders it (JSON and version) at most once per
 * {@code seat-map-freshness} and forgets it at once when its own holds or bookings change the performance; another
 * replica's change shows within that interval.
 */
@ApplicationScoped
public class SeatMapService {

    // the seat map is written by hand (render), not as a REST return type: a native image must see these
    @RegisterForReflection
    public enum SeatStatus {
        AVAILABLE,
        HELD,
        SOLD
    }

    @RegisterForReflection
    public record Seat(String id, String section, int row, int number, BigDecimal price, SeatStatus status) {
    }

    /** {@code salesOpenAt} inclusive to {@code salesCloseAt} exclusive: when holds and confirms are taken. */
    @RegisterForReflection
    public record SeatMap(long performanceId, String status, String currency, Instant salesOpenAt, Instant salesCloseAt,
                          List<Seat> seats) {

        /** How many seats are AVAILABLE. */
        public long freeSeats() {
            return seats.stream().filter(seat -> seat.status() == SeatStatus.AVAILABLE).count();
        }

        /** The same on every replica for the same map (no identity hash codes), for ETag and If-None-Match. */
        public String version() {
            int hash = (status + "|" + currency + "|" + salesOpenAt + "|" + salesCloseAt).hashCode();
            for (Seat seat : seats) {
                hash = 31 * (31 * (31 * hash + seat.id().hashCode()) + seat.status().ordinal())
                        + (seat.price() == null ? 0 : seat.price().hashCode());
            }
            return Integer.toHexString(hash);
        }
    }

    /**
     * The map as sent: its JSON, encoded once per rendering rather than once per request (a 2,000-seat map is about
     * 160 KB), the version that serves as its ETag, and the map itself (best-available searches it).
     */
    public record RenderedSeatMap(byte[] json, String version, Instant renderedAt, SeatMap map) {
    }

    private final PerformanceDirectory performances;
    private final SeatLocks locks;
    private final SeatClaimRepository claims;
    private final MeterRegistry registry;
    private final ObjectMapper json;
    private final Duration freshness;
    private final ConcurrentHashMap<Long, RenderedSeatMap> rendered = new ConcurrentHashMap<>();

    SeatMapService(PerformanceDirectory performances, SeatLocks locks, SeatClaimRepository claims, MeterRegistry registry,
                   ObjectMapper json, BookingConfig config) {
        this.performances = performances;
        this.locks = locks;
        this.claims = claims;
        this.registry = registry;
        this.json = json;
        this.freshness = config.seatMapFreshness();
    }

    public RenderedSeatMap render(long performanceId) {
        RenderedSeatMap recent = rendered.get(performanceId);
        if (recent != null && recent.renderedAt().plus(freshness).isAfter(Instant.now())) {
            return recent;
        }
        SeatMap map = seatMap(performanceId);
        try {
            RenderedSeatMap fresh = new RenderedSeatMap(json.writeValueAsBytes(map), map.version(), Instant.now(), map);
            rendered.put(performanceId, fresh);
            return fresh;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Called after this replica changed a seat of the performance, so that its next map shows the change. */
    public void forget(long performanceId) {
        rendered.remove(performanceId);
    }

    SeatMap seatMap(long performanceId) {
        return seatMap(performances.freshIfReachable(performanceId));
    }

    /**
     * The seat states now, on the layout this replica already knows (seats and prices never change), its status
     * refreshed in the background: for the live map, which reads 4 times a second and must not wait on catalog-service.
     */
    SeatMap currentStates(long performanceId) {
        return seatMap(performances.anyAgeRefreshing(performanceId));
    }

    private SeatMap seatMap(PerformanceLayout layout) {
        long performanceId = layout.performanceId();
        List<String> ids = layout.seatIds();
        List<SeatStatus> statuses = statuses(performanceId, ids);
        List<Seat> seats = new ArrayList<>(ids.size());
        int index = 0;
        for (PerformanceLayout.PricedSection section : layout.sections()) {
            for (int row = 1; row <= section.rows(); row++) {
                for (int number = 1; number <= section.seatsPerRow(); number++) {
                    seats.add(new Seat(ids.get(index), section.name(), row, number, section.price(), statuses.get(index)));
                    index++;
                }
            }
        }
        return new SeatMap(performanceId, layout.status(), layout.currency(), layout.salesOpenAt(), layout.salesCloseAt(),
                seats);
    }

    private List<SeatStatus> statuses(long performanceId, List<String> ids) {
        try {
            List<Optional<String>> owners = locks.owners(performanceId, ids);
            return owners.stream().map(owner -> owner.map(SeatMapService::fromLock).orElse(SeatStatus.AVAILABLE)).toList();
        } catch (RuntimeException e) {
            // Redis down: PostgreSQL knows every live claim; slower, but still the truth
            registry.counter("encore.seatmap.fallback").increment();
            Map<String, SeatStatus> taken = new HashMap<>();
            claims.taken(performanceId)
                    .forEach(claim -> taken.put(claim.seatId(), SeatStatus.valueOf(claim.status())));
            return ids.stream().map(id -> taken.getOrDefault(id, SeatStatus.AVAILABLE)).toList();
        }
    }

    private static SeatStatus fromLock(String value) {
        return value.startsWith("sold:") ? SeatStatus.SOLD : SeatStatus.HELD;
    }
}
