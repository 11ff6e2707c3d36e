package dev.encore.booking.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.encore.booking.client.PerformanceDirectory;
import dev.encore.booking.config.WaitlistConfig;
import dev.encore.booking.domain.DependencyUnavailableException;
import dev.encore.booking.domain.PerformanceLayout;
import dev.encore.booking.domain.SalesClosedException;
import dev.encore.booking.domain.SeatHold;
import dev.encore.booking.domain.SeatLimitExceededException;
import dev.encore.booking.domain.SeatsFreed;
import dev.encore.booking.domain.SeatsUnavailableException;
import dev.encore.booking.domain.WaitlistEntry;
import dev.encore.booking.domain.WaitlistEntry.Status;
import dev.encore.booking.repository.JdbcTransactions;
import dev.encore.booking.repository.OutboxRepository;
import dev.encore.booking.repository.WaitlistRepository;
import dev.encore.booking.service.SeatMapService.Seat;
import dev.encore.booking.service.SeatMapService.SeatMap;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import io.quarkus.runtime.StartupEvent;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The offer round: seats freed on a performance with a waiting list (a cancel, a hold's expiry or release, a payment
 * that failed and let its hold lapse) go to its waiters in arrival order. Each waiter whose {@code seatCount} fits the
 * free seats gets one offer: a hold of its own expiry ({@code encore.waitlist.offer-ttl}) on the best adjacent block
 * ({@link SeatBlocks}' order), or on the best seats apart when no block fits, and a notification in the outbox
 * written in the offer's transaction. An offer not bought before it expires passes on: the entry ends EXPIRED and its
 * seats go to the next waiter. One round per performance at a time over all replicas (a PostgreSQL advisory lock),
 * every {@code encore.waitlist.offer-interval} and at once when this replica frees seats.
 */
@ApplicationScoped
public class WaitlistOffers {

    /** Notification types (the webhook payload's {@code type}; docs/api.md, waiting list). */
    public static final String OFFER = "waitlist.offer";
    public static final String OFFER_EXPIRED = "waitlist.offer-expired";
    public static final String ENDED = "waitlist.ended";

    private static final Logger LOG = Logger.getLogger(WaitlistOffers.class);
    /** How long ended entries (bought, expired, left, dropped) are kept. */
    public static final Duration ENDED_RETENTION = Duration.ofDays(30);
    // an offer's hold answers within SeatLocks' call limit and one claim; past this the round leaves it OFFERING
    private static final Duration HOLD_LIMIT = Duration.ofSeconds(10);

    private enum Outcome { OFFERED, LOST, SKIPPED, STOP }

    private final WaitlistRepository entries;
    private final OutboxRepository outbox;
    private final HoldService holds;
    private final SeatLocks locks;
    private final SeatMapService seatMaps;
    private final PerformanceDirectory performances;
    private final WaitlistGate gate;
    private final JdbcTransactions jdbc;
    private final ObjectMapper json;
    private final MeterRegistry registry;
    private final Duration offerTtl;

    WaitlistOffers(WaitlistRepository entries, OutboxRepository outbox, HoldService holds, SeatLocks locks,
                   SeatMapService seatMaps, PerformanceDirectory performances, WaitlistGate gate, JdbcTransactions jdbc,
                   ObjectMapper json, MeterRegistry registry, WaitlistConfig config) {
        this.entries = entries;
        this.outbox = outbox;
        this.holds = holds;
        this.locks = locks;
        this.seatMaps = seatMaps;
        this.performances = performances;
        this.gate = gate;
        this.jdbc = jdbc;
        this.json = json;
        this.registry = registry;
        this.offerTtl = config.offerTtl();
    }

    // before the first request: a gate read only by the first round would let holds take the waiters' seats
    void loadGate(@Observes StartupEvent start) {
        long readStartedAt = System.nanoTime();
        gate.refresh(entries.fewestWantedByPerformance(), readStartedAt);
    }

    @Scheduled(every = "{encore.waitlist.offer-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledRound() {
        try {
            for (long performanceId : entries.performancesWithLiveEntries()) {
                // one performance's failure (catalog-service cannot say its status, say) leaves the others served
                try {
                    roundFor(performanceId);
                } catch (DependencyUnavailableException e) {
                    LOG.warnf("Offer round of performance %d left for the next one: %s", performanceId, e.getMessage());
                } catch (RuntimeException e) {
                    LOG.errorf(e, "Offer round of performance %d failed; the next one tries again", performanceId);
                }
            }
            long readStartedAt = System.nanoTime();
            gate.refresh(entries.fewestWantedByPerformance(), readStartedAt);
        } catch (DependencyUnavailableException e) {
            LOG.warnf("Offer round left for the next one: %s", e.getMessage());
        }
    }

    @Scheduled(every = "1h", delayed = "1m")
    void purgeEnded() {
        try {
            entries.purgeEnded(ENDED_RETENTION);
        } catch (DependencyUnavailableException e) {
            LOG.warnf("Ended waiting-list entries left for the next hour: %s", e.getMessage());
        }
    }

    void seatsFreed(@ObservesAsync SeatsFreed freed) {
        if (gate.hasWaiters(freed.performanceId())) {
            try {
                roundFor(freed.performanceId());
            } catch (RuntimeException e) {
                LOG.debugf("Offer round after freed seats left to the scheduled one: %s", e.toString());
            }
        }
    }

    /** One round for the performance, unless another replica's round for it runs now (false then). */
    public boolean roundFor(long performanceId) {
        return whileRoundLocked(performanceId, () -> serve(performanceId));
    }

    // the lock of the performance's rounds, over all replicas
    boolean whileRoundLocked(long performanceId, Runnable work) {
        return jdbc.whileHolding("waitlist/" + performanceId, () -> {
            work.run();
            return Boolean.TRUE;
        }).isPresent();
    }

    private void serve(long performanceId) {
        recoverOffering(performanceId);
        PerformanceLayout layout = performances.freshStatus(performanceId);
        // a closed or cancelled performance ends its list: offers not bought, and every waiter
        String ended = "CLOSED".equals(layout.status()) || "CANCELLED".equals(layout.status())
                ? layout.status().toLowerCase() : null;
        settleOffers(performanceId, ended);
        List<WaitlistEntry> waiting = entries.inStatus(performanceId, Status.WAITING);
        if (waiting.isEmpty()) {
            return;
        }
        if (ended != null) {
            for (WaitlistEntry entry : waiting) {
                end(entry, Status.WAITING, Status.DROPPED, ENDED, Map.of("reason", ended));
            }
            return;
        }
        if (!layout.maySell(Instant.now())) {
            return;
        }
        SeatMap map = seatMaps.seatMap(performanceId);
        Set<String> gone = new HashSet<>();
        // counted once, less each offer's seats: not a pass over the seats per waiter
        long free = map.freeSeats();
        for (WaitlistEntry entry : waiting) {
            if (free == 0) {
                return;
            }
            if (free < entry.seatCount()) {
                continue;
            }
            List<String> seats = choose(map.seats(), entry.seatCount(), gone);
            gone.addAll(seats);
            free -= seats.size();
            if (offer(entry, seats) == Outcome.STOP) {
                return;
            }
        }
    }

    // the best adjacent block, else the best seats one by one
    private static List<String> choose(List<Seat> seats, int count, Set<String> gone) {
        List<SeatBlocks.Block> block = SeatBlocks.best(seats, count, null, null, gone, 1);
        if (!block.isEmpty()) {
            return block.getFirst().seatIds();
        }
        return SeatBlocks.best(seats, 1, null, null, gone, count).stream().map(b -> b.seatIds().getFirst()).toList();
    }

    private Outcome offer(WaitlistEntry entry, List<String> seats) {
        UUID holdId = UUID.randomUUID();
        if (!entries.markOffering(entry.id(), holdId, seats)) {
            return Outcome.SKIPPED;
        }
        SeatHold hold;
        try {
            hold = holds.holdOffered(holdId, entry.userId(), entry.performanceId(), seats, offerTtl)
                    .await().atMost(HOLD_LIMIT);
        } catch (SeatsUnavailableException e) {
            entries.backToWaiting(entry.id());
            return Outcome.LOST;
        } catch (SeatLimitExceededException e) {
            end(entry, Status.OFFERING, Status.DROPPED, ENDED, Map.of("reason", "seat-limit"));
            return Outcome.SKIPPED;
        } catch (SalesClosedException e) {
            entries.backToWaiting(entry.id());
            return Outcome.STOP;
        } catch (RuntimeException e) {
            // the hold may have been taken with its answer lost: the entry stays OFFERING for the next round to settle
            LOG.warnf("Offer to waiting-list entry %d left to the next round: %s", entry.id(), e.toString());
            return Outcome.STOP;
        }
        complete(entry, hold.id(), seats, hold.expiresAt());
        return Outcome.OFFERED;
    }

    private void complete(WaitlistEntry entry, UUID holdId, List<String> seats, Instant expiresAt) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("holdId", holdId);
        data.put("seatIds", seats);
        data.put("expiresAt", expiresAt);
        boolean offered = jdbc.run("Offering seats to waiting-list entry " + entry.id(), connection -> {
            if (!entries.markOffered(connection, entry.id(), expiresAt)) {
                return false;
            }
            outbox.add(connection, OFFER, notification(OFFER, entry, data));
            return true;
        });
        if (offered) {
            registry.counter("encore.waitlist", "outcome", "offered").increment();
        } else {
            // the waiter left while the hold was being taken
            try {
                holds.release(entry.userId(), holdId);
            } catch (RuntimeException e) {
                LOG.warnf("The hold %s of an offer its waiter left meanwhile stays until it expires: %s", holdId, e.toString());
            }
        }
    }

    // a round that died between choosing an offer and recording it: finished if its hold was taken, else undone
    private void recoverOffering(long performanceId) {
        for (WaitlistEntry entry : entries.inStatus(performanceId, Status.OFFERING)) {
            var taken = entries.activeHoldExpiry(entry.holdId());
            if (taken.isPresent()) {
                complete(entry, entry.holdId(), entry.offerSeatIds(), taken.get());
            } else {
                locks.releaseHold(performanceId, entry.offerSeatIds(), entry.holdId(), entry.userId());
                entries.backToWaiting(entry.id());
            }
        }
    }

    // offers bought end BOOKED; on a performance that ended (closed, cancelled) the others end DROPPED; otherwise offers
    // released, expired or lapsed unpaid end EXPIRED and their seats pass on
    private void settleOffers(long performanceId, String ended) {
        for (WaitlistRepository.Offer offer : entries.offers(performanceId)) {
            String hold = offer.holdStatus();
            if ("CONFIRMED".equals(hold)) {
                jdbc.run("Closing a bought offer", connection ->
                        entries.end(connection, offer.entry().id(), Status.OFFERED, Status.BOOKED));
            } else if (ended != null) {
                end(offer.entry(), Status.OFFERED, Status.DROPPED, ENDED, Map.of("reason", ended));
            } else if (hold == null || "RELEASED".equals(hold) || "EXPIRED".equals(hold) || (offer.lapsed() && !offer.beingPaid())) {
                end(offer.entry(), Status.OFFERED, Status.EXPIRED, OFFER_EXPIRED, Map.of("holdId", offer.entry().holdId()));
                registry.counter("encore.waitlist", "outcome", "offer-expired").increment();
            }
        }
    }

    private void end(WaitlistEntry entry, Status from, Status to, String type, Map<String, Object> data) {
        jdbc.run("Ending waiting-list entry " + entry.id(), connection -> {
            if (entries.end(connection, entry.id(), from, to)) {
                outbox.add(connection, type, notification(type, entry, data));
            }
            return null;
        });
    }

    // Standard Webhooks' payload shape: type, timestamp, data
    private String notification(String type, WaitlistEntry entry, Map<String, Object> details) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("performanceId", entry.performanceId());
        data.put("userId", entry.userId());
        data.put("entryId", entry.id());
        data.putAll(details);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", type);
        payload.put("timestamp", Instant.now());
        payload.put("data", data);
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
