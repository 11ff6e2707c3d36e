package dev.encore.booking.service;

import dev.encore.booking.config.BookingConfig;
import dev.encore.booking.domain.InvalidSeatRequestException;
import dev.encore.booking.domain.NoBlockFitsException;
import dev.encore.booking.domain.SeatHold;
import dev.encore.booking.domain.SeatsUnavailableException;
import dev.encore.booking.service.SeatMapService.SeatMap;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Best-available holds: the best block of adjacent free seats by {@link SeatBlocks}' order, searched in this replica's
 * seat map (at most {@code seat-map-freshness} old, so no request reads Redis for the whole venue), then held by the
 * ordinary hold path ({@link HoldService}: waiting-room pass, per-user limit, Redis locks, PostgreSQL's claim). Seats
 * the map shows taken are never tried, and a block lost to another buyer is lost in Redis, before PostgreSQL. A loser
 * moves on inside the request: the lost seats count as taken, and the next attempt picks at random among the
 * {@value #SPREAD} best blocks left, so that a storm of identical requests spreads over the best seats instead of
 * queueing on one block; at most {@value #ATTEMPTS} attempts.
 */
@ApplicationScoped
public class BestAvailable {

    /** Holds tried per request before it answers 409. */
    public static final int ATTEMPTS = 8;
    /** After a loss, the next block is drawn from this many best blocks left. */
    public static final int SPREAD = 4;

    private final SeatMapService seatMaps;
    private final HoldService holds;
    private final BookingConfig config;
    private final MeterRegistry registry;

    BestAvailable(SeatMapService seatMaps, HoldService holds, BookingConfig config, MeterRegistry registry) {
        this.seatMaps = seatMaps;
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
        return Uni.createFrom().item(() -> seatMaps.render(performanceId).map())
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(map -> {
                    if (section != null && map.seats().stream().noneMatch(seat -> seat.section().equals(section))) {
                        throw new InvalidSeatRequestException("section", "is not a section of performance " + performanceId, List.of());
                    }
                    return attempt(userId, map, count, section, maxPrice, queuePass, new HashSet<>(), 1);
                });
    }

    private Uni<SeatHold> attempt(UUID userId, SeatMap map, int count, String section, BigDecimal maxPrice, String queuePass,
                                  Set<String> lost, int attempt) {
        List<SeatBlocks.Block> ranked = SeatBlocks.rank(map.seats(), count, section, maxPrice, lost);
        if (ranked.isEmpty()) {
            registry.counter("encore.holds.best", "outcome", "no-block").increment();
            return Uni.createFrom().failure(new NoBlockFitsException(attempt == 1
                    ? "No " + count + " adjacent free seats in one row fit the request"
                    : "The last blocks of " + count + " adjacent seats were taken while they were tried"));
        }
        SeatBlocks.Block block = ranked.get(attempt == 1 ? 0 : ThreadLocalRandom.current().nextInt(Math.min(SPREAD, ranked.size())));
        return holds.hold(userId, map.performanceId(), block.seatIds(), queuePass)
                .invoke(() -> registry.counter("encore.holds.best", "outcome", attempt == 1 ? "held-first" : "held-later").increment())
                .onFailure(SeatsUnavailableException.class).recoverWithUni(lostRace -> {
                    if (attempt == ATTEMPTS) {
                        registry.counter("encore.holds.best", "outcome", "attempts-spent").increment();
                        return Uni.createFrom().failure(new NoBlockFitsException(
                                "Every block tried in " + ATTEMPTS + " attempts was taken by other buyers meanwhile: try again"));
                    }
                    lost.addAll(((SeatsUnavailableException) lostRace).unavailableSeatIds());
                    return attempt(userId, map, count, section, maxPrice, queuePass, lost, attempt + 1);
                });
    }
}
