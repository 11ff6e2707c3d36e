package dev.encore.booking.service;

import dev.encore.booking.client.PerformanceDirectory;
import dev.encore.booking.domain.PerformanceLayout;
import dev.encore.booking.repository.SeatClaimRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The whole seat map in one answer: layout from catalog-service (cached), seat states from the Redis locks. */
@ApplicationScoped
public class SeatMapService {

    public enum SeatStatus {
        AVAILABLE,
        HELD,
        SOLD
    }

    public record Seat(String id, String section, int row, int number, BigDecimal price, SeatStatus status) {
    }

    public record SeatMap(long performanceId, String status, String currency, List<Seat> seats) {

        /** The same on every replica for the same map (no identity hash codes), for ETag and If-None-Match. */
        public String version() {
            int hash = (String.valueOf(status) + "|" + currency).hashCode();
            for (Seat seat : seats) {
                hash = 31 * (31 * (31 * hash + seat.id().hashCode()) + seat.status().ordinal())
                        + (seat.price() == null ? 0 : seat.price().hashCode());
            }
            return Integer.toHexString(hash);
        }
    }

    private final PerformanceDirectory performances;
    private final SeatLocks locks;
    private final SeatClaimRepository claims;
    private final MeterRegistry registry;

    SeatMapService(PerformanceDirectory performances, SeatLocks locks, SeatClaimRepository claims, MeterRegistry registry) {
        this.performances = performances;
        this.locks = locks;
        this.claims = claims;
        this.registry = registry;
    }

    public SeatMap seatMap(long performanceId) {
        PerformanceLayout layout = performances.anyAge(performanceId);
        List<String> ids = new ArrayList<>(layout.seatCount());
        for (PerformanceLayout.PricedSection section : layout.sections()) {
            for (int row = 1; row <= section.rows(); row++) {
                for (int number = 1; number <= section.seatsPerRow(); number++) {
                    ids.add(section.name() + "-" + row + "-" + number);
                }
            }
        }
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
        return new SeatMap(performanceId, layout.status(), layout.currency(), seats);
    }

    private List<SeatStatus> statuses(long performanceId, List<String> ids) {
        try {
            List<Optional<String>> owners = locks.owners(performanceId, ids);
            return owners.stream().map(owner -> owner.map(SeatMapService::fromLock).orElse(SeatStatus.AVAILABLE)).toList();
        } catch (RuntimeException e) {
            // Redis down: PostgreSQL knows every live claim; slower, but still the truth
            registry.counter("encore.seatmap.fallback").increment();
            Map<String, SeatStatus> taken = new HashMap<>();
            QuarkusTransaction.requiringNew().call(() -> claims.taken(performanceId))
                    .forEach(claim -> taken.put(claim.seatId(), SeatStatus.valueOf(claim.status())));
            return ids.stream().map(id -> taken.getOrDefault(id, SeatStatus.AVAILABLE)).toList();
        }
    }

    private static SeatStatus fromLock(String value) {
        return value.startsWith("sold:") ? SeatStatus.SOLD : SeatStatus.HELD;
    }
}
