package dev.encore.booking.service;

import dev.encore.booking.client.PerformanceDirectory;
import dev.encore.booking.config.BookingConfig;
import dev.encore.booking.domain.AlreadyWaitingException;
import dev.encore.booking.domain.BookingInProgressException;
import dev.encore.booking.domain.HoldAlreadyBookedException;
import dev.encore.booking.domain.HoldNotFoundException;
import dev.encore.booking.domain.InvalidSeatRequestException;
import dev.encore.booking.domain.NotSoldOutException;
import dev.encore.booking.domain.PerformanceLayout;
import dev.encore.booking.domain.SalesClosedException;
import dev.encore.booking.domain.SeatLimitExceededException;
import dev.encore.booking.domain.WaitlistEntry;
import dev.encore.booking.domain.WaitlistEntryNotFoundException;
import dev.encore.booking.repository.SeatClaimRepository;
import dev.encore.booking.repository.WaitlistRepository;
import dev.encore.booking.repository.WaitlistRepository.Placed;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A user's side of a performance's waiting list: join it when the seats asked for cannot be held, see one's place and
 * offer, leave it. Offers are made by {@link WaitlistOffers}.
 */
@ApplicationScoped
public class WaitlistService {

    private static final Logger LOG = Logger.getLogger(WaitlistService.class);
    // a pass is one Redis GET; Redis's own time limit is 1 s
    private static final Duration PASS_CHECK_LIMIT = Duration.ofSeconds(2);

    private final WaitlistRepository entries;
    private final PerformanceDirectory performances;
    private final SeatMapService seatMaps;
    private final WaitlistGate gate;
    private final HoldService holds;
    private final BookingConfig config;
    private final MeterRegistry registry;
    private final SeatClaimRepository claims;
    private final QueuePasses queuePasses;

    WaitlistService(WaitlistRepository entries, PerformanceDirectory performances, SeatMapService seatMaps,
                    WaitlistGate gate, HoldService holds, BookingConfig config, MeterRegistry registry,
                    SeatClaimRepository claims, QueuePasses queuePasses) {
        this.claims = claims;
        this.queuePasses = queuePasses;
        this.entries = entries;
        this.performances = performances;
        this.seatMaps = seatMaps;
        this.gate = gate;
        this.holds = holds;
        this.config = config;
        this.registry = registry;
    }

    /**
     * Puts the user at the end of the performance's waiting list for {@code seatCount} seats.
     *
     * @param queuePass the caller's X-Queue-Pass header (null when absent): a performance with a waiting room is
     *                  waited for only by those it admitted, as it is held
     * @return the new entry and its position (1 = next to be offered seats)
     * @throws InvalidSeatRequestException naming {@code count} when it is over the per-hold or per-user limit, or
     *                                     over the seats the performance has
     * @throws SalesClosedException        when the performance is not on sale
     * @throws dev.encore.booking.domain.QueuePassRequiredException without the user's pass, on a performance that queues
     * @throws SeatLimitExceededException  when the user's seats in the performance and {@code seatCount} pass the limit
     * @throws NotSoldOutException         when that many seats can be held now: hold them instead
     * @throws AlreadyWaitingException     when the user already has a live entry on this performance
     */
    public Placed join(UUID userId, long performanceId, int seatCount, String queuePass) {
        int most = Math.min(config.maxSeatsPerHold(), config.maxSeatsPerUser());
        if (seatCount > most) {
            throw new InvalidSeatRequestException("count", "must be at most " + most, List.of());
        }
        PerformanceLayout layout = performances.freshStatus(performanceId);
        if (seatCount > layout.seatIds().size()) {
            throw new InvalidSeatRequestException("count", "is more than the " + layout.seatIds().size()
                    + " seats of performance " + performanceId, List.of());
        }
        if (!layout.maySell(Instant.now())) {
            throw new SalesClosedException(performanceId, layout.status());
        }
        if (layout.queueEnabled()) {
            queuePasses.check(performanceId, userId, queuePass).await().atMost(PASS_CHECK_LIMIT);
        }
        long live = claims.liveSeats(performanceId, userId);
        if (live + seatCount > config.maxSeatsPerUser()) {
            throw new SeatLimitExceededException(config.maxSeatsPerUser(), live);
        }
        long free = seatMaps.seatMap(performanceId).freeSeats();
        // sold out for this request: fewer seats free than it wants, or the free ones are kept for the waiters
        if (free >= seatCount && !gate.reserves(performanceId, free)) {
            throw new NotSoldOutException(performanceId, free);
        }
        Placed placed = entries.join(performanceId, userId, seatCount)
                .orElseThrow(() -> new AlreadyWaitingException(performanceId));
        gate.joined(performanceId, seatCount);
        registry.counter("encore.waitlist", "outcome", "joined").increment();
        return placed;
    }

    /**
     * The user's live entry, its position and its offer.
     *
     * @throws WaitlistEntryNotFoundException when the user is not waiting on this performance
     */
    public Placed entry(UUID userId, long performanceId) {
        return entries.findLive(performanceId, userId).orElseThrow(() -> new WaitlistEntryNotFoundException(performanceId));
    }

    /**
     * Takes the user off the list; an offer not yet paid for is released, so its seats pass to the next waiter.
     *
     * @throws WaitlistEntryNotFoundException when the user is not waiting on this performance
     */
    public void leave(UUID userId, long performanceId) {
        WaitlistEntry left = entries.leave(performanceId, userId)
                .orElseThrow(() -> new WaitlistEntryNotFoundException(performanceId));
        registry.counter("encore.waitlist", "outcome", "left").increment();
        if (left.holdId() == null) {
            return;
        }
        try {
            holds.release(userId, left.holdId());
        } catch (HoldNotFoundException | HoldAlreadyBookedException | BookingInProgressException e) {
            // an offer still being made is released by its round; one bought or being paid for is the buyer's
            LOG.debugf("Waiting-list entry %d left with hold %s as it is: %s", left.id(), left.holdId(), e.getMessage());
        }
    }
}
