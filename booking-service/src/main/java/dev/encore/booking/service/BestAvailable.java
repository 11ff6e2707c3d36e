package dev.encore.booking.service;

import dev.encore.booking.client.PerformanceDirectory;
import dev.encore.booking.config.BookingConfig;
import dev.encore.booking.domain.InvalidSeatRequestException;
import dev.encore.booking.domain.NoBlockFitsException;
import dev.encore.booking.domain.PerformanceLayout;
import dev.encore.booking.domain.SalesClosedException;
import dev.encore.booking.domain.SeatHold;
import dev.encore.booking.domain.SeatsUnavailableException;
import dev.encore.booking.service.SeatMapService.SeatMap;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Best-available holds: the best block of adjacent free seats by {@link SeatBlocks}' order, searched in this replica's
 * seat map (at most {@code seat-map-freshness} old, so a first attempt reads nothing of Redis), then held by the
 * ordinary hold path ({@link HoldService}: waiting-room pass, per-user limit, Redis locks, PostgreSQL's claim). Seats
 * the map shows taken are never tried, and a block lost to another buyer is lost in Redis, before PostgreSQL. A loser
 * moves on inside the request: it reads the seat states again (one MGET), so every block other buyers won meanwhile
 * counts as taken, and picks at random among the best blocks left, {@value #SPREAD} after its first loss and twice as
 * many after each next one, so that a storm of identical requests spreads over the best seats instead of queueing on
 * one block; at most {@value #ATTEMPTS} attempts.
 */
@ApplicationScoped
public class BestAvailable {

    /** Holds tried per request before it answers 409. */
    public static final int ATTEMPTS = 8;
    /** After the first loss the next block is drawn from this many best blocks left, twice as many after each loss. */
    public static final int SPREAD = 4;

    private final SeatMapService seatMaps;
    private final PerformanceDirectory performances;
    private final HoldService holds;
    private final BookingConfig config;
    private final MeterRegistry registry;
    private final WaitlistGate waitlists;

    BestAvailable(SeatMapService seatMaps, PerformanceDirectory performances, HoldService holds, BookingConfig config,
                  MeterRegistry registry, WaitlistGate waitlists) {
        this.waitlists = waitlists;
        this.seatMaps = seatMaps;
        this.performances = performances;
        this.holds = holds;
        this.config = config;
        this.registry = registry;
    }

    /**
     * Holds the best block of {@code count} adjacent seats in one row for the user.
     *
     * @param section  only this section, or null
     * @param maxPrice only seats priced at most this, or null
     * @throws InvalidSeatRequestException naming {@code count} (over the per-hold limit) or {@code section} (not one of
     *                                     the performance's)
     * @throws NoBlockFitsException        (in the Uni) when no block fits, or every block tried was taken meanwhile
     */
    public Uni<SeatHold> hold(UUID userId, long performanceId, int count, String section, BigDecimal maxPrice, String queuePass) {
        if (count > config.maxSeatsPerHold()) {
            throw new InvalidSeatRequestException("count", "must be at most " + config.maxSeatsPerHold(), List.of());
        }
        return Uni.createFrom().item(() -> {
                    // refused as a hold would be, before any search: unknown, not on sale, no such section
                    PerformanceLayout layout = performances.freshStatus(performanceId);
                    if (!layout.maySell(Instant.now())) {
                        throw new SalesClosedException(performanceId, layout.status());
                    }
                    if (section != null && layout.sections().stream().noneMatch(s -> s.name().equals(section))) {
                        throw new InvalidSeatRequestException("section", "is not a section of performance " + performanceId, List.of());
                    }
                    SeatMap map = seatMaps.render(performanceId).map();
                    waitlists.checkOpen(performanceId, map.freeSeats());
                    return map;
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(map -> attempt(userId, map, new Request(count, section, maxPrice, queuePass), new HashSet<>(), 1));
    }

    private record Request(int count, String section, BigDecimal maxPrice, String queuePass) {
    }

    private Uni<SeatHold> attempt(UUID userId, SeatMap map, Request request, Set<String> lost, int attempt) {
        // 1, then 4, 8, 16 ... 256: the more often a buyer lost, the more buyers it is racing, the wider it draws
        List<SeatBlocks.Block> best = SeatBlocks.best(map.seats(), request.count(), request.section(), request.maxPrice(),
                lost, attempt == 1 ? 1 : SPREAD << (attempt - 2));
        if (best.isEmpty()) {
            registry.counter("encore.holds.best", "outcome", "no-block").increment();
            return Uni.createFrom().failure(new NoBlockFitsException("No block of " + request.count()
                    + " adjacent free seats in one row fits the request" + (attempt == 1 ? "" : " any more")));
        }
        SeatBlocks.Block block = best.get(ThreadLocalRandom.current().nextInt(best.size()));
        return holds.hold(userId, map.performanceId(), block.seatIds(), request.queuePass())
                .invoke(() -> registry.counter("encore.holds.best", "outcome", attempt == 1 ? "held-first" : "held-later").increment())
                .onFailure(SeatsUnavailableException.class).recoverWithUni(lostRace -> {
                    if (attempt == ATTEMPTS) {
                        registry.counter("encore.holds.best", "outcome", "attempts-spent").increment();
                        return Uni.createFrom().failure(new NoBlockFitsException(
                                "Every block tried in " + ATTEMPTS + " attempts was taken by other buyers meanwhile: try again"));
                    }
                    lost.addAll(((SeatsUnavailableException) lostRace).unavailableSeatIds());
                    // the next attempt ranks the seat states as they are now, with every other winner's seats taken
                    return Uni.createFrom().item(() -> seatMaps.seatMap(map.performanceId()))
                            .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                            .chain(fresh -> attempt(userId, fresh, request, lost, attempt + 1));
                });
    }
}
