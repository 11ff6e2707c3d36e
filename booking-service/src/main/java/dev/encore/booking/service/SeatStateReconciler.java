package dev.encore.booking.service;

import dev.encore.booking.client.PerformanceDirectory;
import dev.encore.booking.config.BookingConfig;
import dev.encore.booking.domain.PerformanceLayout;
import dev.encore.booking.repository.SeatClaimRepository;
import dev.encore.booking.repository.SeatClaimRepository.LockedClaim;
import dev.encore.booking.repository.SeatStateCheckRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Holds Redis's seat locks to PostgreSQL's claims, the ledger. Every run compares one page of seats of each on-sale
 * performance (bounded work, however large the venue or busy the storm), leased per performance in PostgreSQL so
 * that several replicas share the work; the next run goes on from there, round the whole layout. For each seat it
 * reads Redis first, then PostgreSQL, so that every fix rests on a ledger read newer than the lock it judges:
 * <ul>
 * <li>{@code unbacked}: a lock no live claim backs (a sale cancelled under a late markSold, a hold whose claim never
 * committed, anything that is not a lock encore writes) is deleted by compare-and-delete; a hold's lock with a time
 * limit encore could have given only once it is older than {@link #YOUNG_HOLD}, since a fresh one may still be on its
 * way to PostgreSQL;</li>
 * <li>{@code different}: a lock that names another owner than the claim is deleted the same way, then restored;</li>
 * <li>{@code missing}: a live claim without its lock is restored (never over a lock that appeared meanwhile), then
 * checked against the ledger again and deleted if the claim ended in between.</li>
 * </ul>
 * Findings are counted in {@code encore_seat_state_mismatches_total{kind}} and logged; the end of the last run is
 * {@code encore_seat_state_reconciliation_last_run_seconds} (epoch seconds). Apart from the locks, it counts the
 * seats two CONFIRMED bookings share into {@code encore_seats_sold_twice}.
 */
@ApplicationScoped
public class SeatStateReconciler {

    /** What the comparison found wrong with one seat's lock. */
    public enum Mismatch {
        UNBACKED, DIFFERENT, MISSING;

        String label() {
            return name().toLowerCase();
        }
    }

    private static final Logger LOG = Logger.getLogger(SeatStateReconciler.class);
    // a hold's lock younger than this may belong to a claim still being written
    static final Duration YOUNG_HOLD = Duration.ofSeconds(10);
    // a PAYING claim settles within the payment lease; its lock only has to outlive that
    private static final Duration PAYING_LOCK = Duration.ofMinutes(1);
    private static final int PERFORMANCES_PER_RUN = 50;

    private final SeatStateCheckRepository checks;
    private final SeatClaimRepository claims;
    private final SeatLocks locks;
    private final PerformanceDirectory performances;
    private final SeatMapService seatMaps;
    private final BookingConfig config;
    private final Map<Mismatch, Counter> mismatches = new EnumMap<>(Mismatch.class);
    private final AtomicLong lastRun = new AtomicLong();
    private final AtomicLong soldTwice = new AtomicLong();

    SeatStateReconciler(SeatStateCheckRepository checks, SeatClaimRepository claims, SeatLocks locks,
                        PerformanceDirectory performances, SeatMapService seatMaps, BookingConfig config, MeterRegistry registry) {
        this.checks = checks;
        this.claims = claims;
        this.locks = locks;
        this.performances = performances;
        this.seatMaps = seatMaps;
        this.config = config;
        for (Mismatch kind : Mismatch.values()) {
            mismatches.put(kind, Counter.builder("encore.seat.state.mismatches").tag("kind", kind.label())
                    .description("Seat locks in Redis that disagreed with PostgreSQL's claims, and were fixed").register(registry));
        }
        registry.gauge("encore.seat.state.reconciliation.last.run.seconds", lastRun, AtomicLong::doubleValue);
        registry.gauge("encore.seats.sold.twice", soldTwice, AtomicLong::doubleValue);
    }

    /**
     * Counts the seats sold twice among the performances on sale or recently closed into
     * {@code encore_seats_sold_twice}, the gauge an alert watches; it keeps its last count while PostgreSQL cannot
     * answer, and says so in the log.
     */
    @Scheduled(every = "{encore.booking.sold-twice-check-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void countSeatsSoldTwice() {
        try {
            long count = checks.seatsSoldTwice();
            soldTwice.set(count);
            if (count > 0) {
                LOG.errorf("%d seats are sold twice among the performances on sale", count);
            }
        } catch (RuntimeException e) {
            // the gauge keeps its last count: say so where an operator looks
            LOG.warnf("Seats sold twice not counted this time (the gauge keeps its last count): %s", e.getMessage());
        }
    }

    @Scheduled(every = "{encore.booking.seat-state-reconcile-interval}", delayed = "{encore.booking.seat-state-reconcile-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        try {
            for (long performanceId : checks.onSale(PERFORMANCES_PER_RUN)) {
                checkNextPage(performanceId);
            }
            lastRun.set(Instant.now().getEpochSecond());
        } catch (RuntimeException e) {
            // Redis or PostgreSQL down: the next run tries again
            LOG.debugf("Seat states not reconciled this time: %s", e);
        }
    }

    /**
     * Compares the next page of the performance's seats, when no other replica is doing so; returns what it found
     * and fixed (empty when another replica holds the check).
     */
    public Map<Mismatch, Integer> checkNextPage(long performanceId) {
        OptionalInt next = checks.lease(performanceId, Duration.ofMinutes(1));
        if (next.isEmpty()) {
            return Map.of();
        }
        int start = next.getAsInt();
        int end = start;
        Map<Mismatch, Integer> found = new EnumMap<>(Mismatch.class);
        try {
            PerformanceLayout layout = performances.anyAge(performanceId);
            List<String> seats = layout.seatIds();
            int from = start < seats.size() ? start : 0;
            end = Math.min(seats.size(), from + config.seatStateReconcilePage());
            found = compare(performanceId, seats.subList(from, end));
        } finally {
            checks.finish(performanceId, end);
        }
        if (!found.isEmpty()) {
            seatMaps.forget(performanceId);
            LOG.warnf("Performance %d: Redis disagreed with PostgreSQL on %s; fixed from PostgreSQL", performanceId, found);
        }
        return found;
    }

    private Map<Mismatch, Integer> compare(long performanceId, List<String> seats) {
        List<Optional<String>> inRedis = locks.owners(performanceId, seats);
        Map<String, LockedClaim> inLedger = claims.live(performanceId, seats)
                .stream().collect(Collectors.toMap(LockedClaim::seatId, Function.identity()));
        Map<Mismatch, Integer> found = new EnumMap<>(Mismatch.class);
        List<LockedClaim> toRestore = new ArrayList<>();
        for (int i = 0; i < seats.size(); i++) {
            String seat = seats.get(i);
            Optional<String> lock = inRedis.get(i);
            LockedClaim claim = inLedger.get(seat);
            String expected = claim == null ? null : valueOf(claim);
            if (lock.isEmpty()) {
                if (claim != null) {
                    count(found, Mismatch.MISSING);
                    toRestore.add(claim);
                }
            } else if (!lock.get().equals(expected) && oldEnoughToJudge(performanceId, seat, lock.get())) {
                count(found, claim == null ? Mismatch.UNBACKED : Mismatch.DIFFERENT);
                locks.release(performanceId, List.of(seat), lock.get());
                if (claim != null) {
                    toRestore.add(claim);
                }
            }
        }
        restoreVerified(toRestore);
        return found;
    }

    // Only a hold's lock can be too young to judge: one that names no hold, or has no time limit, or more time left
    // than any hold or payment is given, cannot be one encore wrote for a claim still on its way.
    private boolean oldEnoughToJudge(long performanceId, String seat, String lock) {
        if (!SeatLocks.isHoldValue(lock)) {
            return true;
        }
        long left = locks.millisLeft(performanceId, seat);
        long longest = Math.max(config.holdTtl().toMillis(), PAYING_LOCK.toMillis());
        return left < 0 || left > longest || config.holdTtl().toMillis() - left > YOUNG_HOLD.toMillis();
    }

    private void count(Map<Mismatch, Integer> found, Mismatch kind) {
        found.merge(kind, 1, Integer::sum);
        mismatches.get(kind).increment();
    }

    /**
     * Writes the locks of these live claims back (a hold's only where no lock is, for the time it has left; a sale's
     * for good), then reads the ledger again and deletes every written lock whose claim ended in between: a cancel
     * that committed after the claims were read has deleted nothing yet, or nothing of what was just written.
     */
    void restoreVerified(List<LockedClaim> written) {
        for (LockedClaim claim : written) {
            locks.restore(claim.performanceId(), claim.seatId(), valueOf(claim), timeLeftOf(claim));
        }
        Map<Long, List<LockedClaim>> byPerformance = written.stream().collect(Collectors.groupingBy(LockedClaim::performanceId));
        byPerformance.forEach((performanceId, page) -> {
            Map<String, String> still = new HashMap<>();
            claims.live(performanceId, page.stream().map(LockedClaim::seatId).toList())
                    .forEach(claim -> still.put(claim.seatId(), valueOf(claim)));
            for (LockedClaim claim : page) {
                String value = valueOf(claim);
                if (!value.equals(still.get(claim.seatId()))) {
                    locks.release(performanceId, List.of(claim.seatId()), value);
                }
            }
            seatMaps.forget(performanceId);
        });
    }

    static String valueOf(LockedClaim claim) {
        return "SOLD".equals(claim.status()) ? SeatLocks.soldValue(claim.bookingId())
                : SeatLocks.holdValue(claim.holdId(), claim.userId(), claim.fence());
    }

    private static Duration timeLeftOf(LockedClaim claim) {
        return switch (claim.status()) {
            case "SOLD" -> null;
            case "PAYING" -> Duration.ofMillis(Math.max(claim.millisLeft(), PAYING_LOCK.toMillis()));
            default -> Duration.ofMillis(claim.millisLeft());
        };
    }
}
