package dev.encore.booking.service;

import dev.encore.booking.client.PerformanceDirectory;
import dev.encore.booking.config.BookingConfig;
import dev.encore.booking.domain.DependencyUnavailableException;
import dev.encore.booking.domain.HoldNotFoundException;
import dev.encore.booking.domain.InvalidSeatRequestException;
import dev.encore.booking.domain.PerformanceLayout;
import dev.encore.booking.domain.SalesClosedException;
import dev.encore.booking.domain.SeatHold;
import dev.encore.booking.domain.SeatId;
import dev.encore.booking.domain.SeatLimitExceededException;
import dev.encore.booking.domain.SeatsFreed;
import dev.encore.booking.domain.SeatsUnavailableException;
import dev.encore.booking.domain.BookingInProgressException;
import dev.encore.booking.domain.HoldAlreadyBookedException;
import dev.encore.booking.repository.BookingRepository;
import dev.encore.booking.repository.JdbcTransactions;
import dev.encore.booking.repository.LockOrder;
import dev.encore.booking.repository.SeatClaimRepository;
import dev.encore.booking.repository.SeatHoldRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Holds, by the seat protocol of DESIGN.md: Redis takes all requested seats or none and hands out a fencing token;
 * only then does PostgreSQL record the claim, honouring the token and its own clock. Losers are answered from
 * Redis alone: that is what keeps an on-sale storm away from the database.
 */
@ApplicationScoped
public class HoldService {

    private static final Logger LOG = Logger.getLogger(HoldService.class);

    private final PerformanceDirectory performances;
    private final SeatLocks locks;
    private final SeatClaimRepository claims;
    private final SeatHoldRepository holds;
    private final BookingConfig config;
    private final MeterRegistry registry;
    private final SeatMapService seatMaps;
    private final QueuePasses queuePasses;
    private final Timer acquireTime;
    private final BookingRepository bookings;
    private final JdbcTransactions jdbc;
    private final WaitlistGate waitlists;
    private final Event<SeatsFreed> seatsFreed;

    HoldService(PerformanceDirectory performances, SeatLocks locks, SeatClaimRepository claims, SeatHoldRepository holds,
                BookingConfig config, MeterRegistry registry, SeatMapService seatMaps, QueuePasses queuePasses,
                BookingRepository bookings, JdbcTransactions jdbc, WaitlistGate waitlists, Event<SeatsFreed> seatsFreed) {
        this.waitlists = waitlists;
        this.seatsFreed = seatsFreed;
        this.bookings = bookings;
        this.jdbc = jdbc;
        this.seatMaps = seatMaps;
        this.queuePasses = queuePasses;
        // from the call to its answer on the event loop: Redis's own time plus the client's and the loop's queues
        this.acquireTime = Timer.builder("encore.seat.locks.acquire").description("Seat-lock acquisition, call to answer")
                .publishPercentiles(0.5, 0.99, 0.999).register(registry);
        this.performances = performances;
        this.locks = locks;
        this.claims = claims;
        this.holds = holds;
        this.config = config;
        this.registry = registry;
    }

    /**
     * Holds the seats for the user. {@code queuePass} is the caller's X-Queue-Pass header (null when absent), needed
     * when the performance has a waiting room. Up to Redis's answer this runs on the calling event loop, so that a
     * loser costs no worker thread; only winners move to a worker for the PostgreSQL claim, which also checks the
     * sales window by the database clock.
     *
     * @throws SalesClosedException (in the Uni) when the performance is not on sale or its sales window is shut
     * @throws dev.encore.booking.domain.QueuePassRequiredException (in the Uni) without the user's valid pass
     * @throws dev.encore.booking.domain.WaitlistFirstException (in the Uni) while the performance has a waiting list
     */
    public Uni<SeatHold> hold(UUID userId, long performanceId, List<String> seatIds, String queuePass) {
        checkShape(seatIds);
        UUID holdId = UUID.randomUUID();
        return performances.freshStatusNonBlocking(performanceId)
                .invoke(layout -> checkHoldable(layout, seatIds))
                .call(layout -> waitlists.hasWaiters(performanceId) ? checkWaitlist(performanceId) : Uni.createFrom().voidItem())
                .call(layout -> layout.queueEnabled() ? queuePasses.check(performanceId, userId, queuePass)
                        : Uni.createFrom().voidItem())
                .chain(layout -> take(holdId, userId, performanceId, seatIds, config.holdTtl()));
    }

    /**
     * A waiting-list offer's hold, under the id the offer round chose, for {@code ttl}: the ordinary hold path
     * (sales window, per-user limit, Redis then PostgreSQL) without the waiting room's pass or the waiting list's
     * gate, which exist to let the waiter get here.
     *
     * @throws SeatsUnavailableException (in the Uni) when a seat was taken meanwhile
     * @throws SeatLimitExceededException (in the Uni) when the waiter holds or owns too many seats by now
     */
    public Uni<SeatHold> holdOffered(UUID holdId, UUID userId, long performanceId, List<String> seatIds, Duration ttl) {
        checkShape(seatIds);
        return performances.freshStatusNonBlocking(performanceId)
                .invoke(layout -> checkHoldable(layout, seatIds))
                .chain(layout -> take(holdId, userId, performanceId, seatIds, ttl));
    }

    private Uni<SeatHold> take(UUID holdId, UUID userId, long performanceId, List<String> seatIds, Duration ttl) {
        return lockInRedis(performanceId, seatIds, holdId, userId, ttl)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(fence -> claim(holdId, userId, performanceId, seatIds, fence, ttl));
    }

    // only for a performance with waiters: its free seats, from this replica's seat map (at most seat-map-freshness old)
    private Uni<Void> checkWaitlist(long performanceId) {
        return Uni.createFrom().item(() -> seatMaps.render(performanceId).map().freeSeats())
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .invoke(free -> waitlists.checkOpen(performanceId, free))
                .replaceWithVoid();
    }

    private SeatHold claim(UUID holdId, UUID userId, long performanceId, List<String> seatIds, long fence, Duration ttl) {
        try {
            SeatHold hold = claimInPostgres(holdId, userId, performanceId, seatIds, fence, ttl);
            registry.counter("encore.holds", "outcome", "held").increment();
            seatMaps.forget(performanceId);
            return hold;
        } catch (RuntimeException e) {
            releaseQuietly(performanceId, seatIds, holdId, userId);
            throw e;
        }
    }

    /**
     * Releases the caller's hold: its claims become RELEASED and its locks are deleted where they are still its own.
     * A hold already expired or released is left as it is. Locks in LockOrder's order (sales, user, hold row, claims).
     *
     * @throws HoldNotFoundException for another user's hold or none
     * @throws BookingInProgressException while a booking of the hold is being paid (409): the sale decides
     * @throws HoldAlreadyBookedException when the hold has been paid for (409): cancel the booking instead
     */
    public void release(UUID userId, UUID holdId) {
        SeatHold hold = jdbc.run("Releasing hold " + holdId, connection -> {
            if (LockOrder.salesThenUserOfHold(connection, holdId, userId).isEmpty()) {
                throw new HoldNotFoundException(holdId);
            }
            SeatHold owned = holds.findOwnedForUpdate(connection, holdId, userId).orElseThrow(() -> new HoldNotFoundException(holdId));
            if (owned.status() == SeatHold.Status.CONFIRMED) {
                throw new HoldAlreadyBookedException(holdId);
            }
            if (owned.status() == SeatHold.Status.ACTIVE) {
                if (bookings.beingPaid(connection, holdId)) {
                    throw new BookingInProgressException();
                }
                holds.move(connection, holdId, SeatHold.Status.ACTIVE, SeatHold.Status.RELEASED);
                claims.releaseHeld(connection, holdId);
            }
            return owned;
        });
        releaseLocks(hold);
        seatMaps.forget(hold.performanceId());
        seatsFreed.fireAsync(new SeatsFreed(hold.performanceId()));
    }

    /** Deletes the hold's Redis locks where they still carry its value; a failure is logged (they expire anyway). */
    void releaseLocks(SeatHold hold) {
        releaseQuietly(hold.performanceId(), hold.seatIds(), hold.id(), hold.userId());
    }

    private Uni<Long> lockInRedis(long performanceId, List<String> seatIds, UUID holdId, UUID userId, Duration ttl) {
        Timer.Sample sample = Timer.start(registry);
        return locks.acquire(performanceId, seatIds, holdId, userId, ttl)
                .onTermination().invoke(() -> sample.stop(acquireTime))
                .onFailure(TimeoutException.class).invoke(e -> releaseAfterLostReply(performanceId, seatIds, holdId, userId))
                .onFailure().transform(e -> {
                    registry.counter("encore.holds", "outcome", "redis-unavailable").increment();
                    return new DependencyUnavailableException("Redis", Duration.ofMillis(500), e);
                })
                .map(attempt -> {
                    if (attempt instanceof SeatLocks.Attempt.Taken taken) {
                        registry.counter("encore.holds", "outcome", "taken-in-redis").increment();
                        throw new SeatsUnavailableException(taken.seatIds());
                    }
                    return ((SeatLocks.Attempt.Acquired) attempt).fence();
                });
    }

    // A timed-out acquire may still run in Redis, or have run with its reply lost: its locks would stand for the
    // hold's whole TTL with a fence nobody knows. They are deleted by the hold's id, once now and once after the
    // call's own time limit (an acquire queued on another connection may land after the first try).
    private void releaseAfterLostReply(long performanceId, List<String> seatIds, UUID holdId, UUID userId) {
        Uni.createFrom().voidItem().emitOn(Infrastructure.getDefaultWorkerPool())
                .invoke(() -> releaseQuietly(performanceId, seatIds, holdId, userId))
                .onItem().delayIt().by(SeatLocks.CALL_LIMIT)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .invoke(() -> releaseQuietly(performanceId, seatIds, holdId, userId))
                .subscribe().with(done -> { }, e -> LOG.debugf("Releasing hold %s after a lost reply: %s", holdId, e));
    }

    private SeatHold claimInPostgres(UUID holdId, UUID userId, long performanceId, List<String> seatIds, long fence,
                                     Duration ttl) {
        SeatClaimRepository.ClaimAttempt attempt = claims.claimForHold(performanceId, seatIds, holdId, userId, fence,
                ttl, config.maxSeatsPerUser());
        if (!attempt.selling()) {
            registry.counter("encore.holds", "outcome", "sales-closed").increment();
            performances.evict(performanceId);
            throw new SalesClosedException(performanceId);
        }
        if (attempt.liveSeatsBefore() + seatIds.size() > config.maxSeatsPerUser()) {
            throw new SeatLimitExceededException(config.maxSeatsPerUser(), attempt.liveSeatsBefore());
        }
        if (attempt.expiresAt() == null) {
            // Redis let us through but PostgreSQL knows better (Redis lost its keys): nothing of this hold stays
            Set<String> got = new HashSet<>(attempt.claimedSeatIds());
            registry.counter("encore.holds", "outcome", "refused-by-postgres").increment();
            throw new SeatsUnavailableException(seatIds.stream().filter(seat -> !got.contains(seat)).toList());
        }
        return new SeatHold(holdId, performanceId, userId, fence, seatIds, attempt.expiresAt(), SeatHold.Status.ACTIVE, Instant.now());
    }

    private void releaseQuietly(long performanceId, List<String> seatIds, UUID holdId, UUID userId) {
        try {
            locks.releaseHold(performanceId, seatIds, holdId, userId);
        } catch (RuntimeException e) {
            LOG.warnf("Could not delete the Redis locks of hold %s; they expire with their TTL: %s", holdId, e.toString());
        }
    }

    private void checkShape(List<String> seatIds) {
        List<String> malformed = seatIds.stream().filter(seat -> !SeatId.isWellFormed(seat)).toList();
        if (!malformed.isEmpty()) {
            throw new InvalidSeatRequestException("seatIds", "must look like A-3-12 (section-row-number)", malformed);
        }
        Set<String> seen = new HashSet<>();
        List<String> duplicates = seatIds.stream().filter(seat -> !seen.add(seat)).distinct().toList();
        if (!duplicates.isEmpty()) {
            throw new InvalidSeatRequestException("seatIds", "must not repeat a seat", duplicates);
        }
        if (seatIds.size() > config.maxSeatsPerHold()) {
            throw new InvalidSeatRequestException("seatIds", "may hold at most " + config.maxSeatsPerHold() + " seats", List.of());
        }
    }

    private static void checkHoldable(PerformanceLayout layout, List<String> seatIds) {
        List<String> unknown = seatIds.stream().filter(seat -> layout.sectionOf(SeatId.parse(seat)).isEmpty()).toList();
        if (!unknown.isEmpty()) {
            throw new InvalidSeatRequestException("seatIds", "are not seats of performance " + layout.performanceId(), unknown);
        }
        if (!layout.maySell(Instant.now())) {
            throw new SalesClosedException(layout.performanceId(), layout.status());
        }
    }
}
