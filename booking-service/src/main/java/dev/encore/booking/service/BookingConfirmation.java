package dev.encore.booking.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.encore.booking.client.PaymentProvider;
import dev.encore.booking.client.PerformanceDirectory;
import dev.encore.booking.config.BookingConfig;
import dev.encore.booking.domain.Booking;
import dev.encore.booking.domain.BookingInProgressException;
import dev.encore.booking.domain.BookingNotFoundException;
import dev.encore.booking.domain.BookingStateConflictException;
import dev.encore.booking.domain.BookingView;
import dev.encore.booking.domain.ChargeRefundedException;
import dev.encore.booking.domain.HoldAlreadyBookedException;
import dev.encore.booking.domain.HoldExpiredException;
import dev.encore.booking.domain.HoldNotFoundException;
import dev.encore.booking.domain.IdempotencyKey;
import dev.encore.booking.domain.IdempotencyKeyReusedException;
import dev.encore.booking.domain.PaymentDeclinedException;
import dev.encore.booking.domain.PerformanceLayout;
import dev.encore.booking.domain.SalesClosedException;
import dev.encore.booking.domain.SeatHold;
import dev.encore.booking.domain.SeatId;
import dev.encore.booking.repository.BookingRepository;
import dev.encore.booking.repository.IdempotencyRecordRepository;
import dev.encore.booking.repository.JdbcTransactions;
import dev.encore.booking.repository.LockOrder;
import dev.encore.booking.repository.SalesWindowRepository;
import dev.encore.booking.repository.SeatClaimRepository;
import dev.encore.booking.repository.SeatHoldRepository;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Confirmation, by the seat protocol: PostgreSQL first moves every claim of the hold to PAYING for a PENDING
 * booking (only while the hold's fence still owns them, by the database clock); only then is the card charged,
 * under the booking's own idempotency key. Approval sells the seats, a decline gives them back to the hold, and
 * an unreachable provider leaves the booking PENDING for a retry with the same Idempotency-Key or the reconciler.
 * <p>
 * Under an Idempotency-Key the first final answer (201, or a refusal written by {@link RefusalFormat}) is stored and
 * replayed byte for byte to the same request under the same key; a different request under it is refused. A 503 is
 * not final: the same key may try again, and resumes the booking the first attempt started, charging at most once.
 */
@ApplicationScoped
public class BookingConfirmation {

    private static final Logger LOG = Logger.getLogger(BookingConfirmation.class);

    private final BookingRepository bookings;
    private final SeatHoldRepository holds;
    private final SeatClaimRepository claims;
    private final IdempotencyRecordRepository idempotency;
    private final SalesWindowRepository salesWindows;
    private final JdbcTransactions jdbc;
    private final PerformanceDirectory performances;
    private final PaymentProvider payments;
    private final PaymentCalls paymentCalls;
    private final SeatLocks locks;
    private final SeatMapService seatMaps;
    private final HoldService holdService;
    private final BookingCancellation cancellation;
    private final RefusalFormat refusals;
    private final ObjectMapper json;
    private final MeterRegistry registry;
    private final BookingConfig config;

    BookingConfirmation(BookingRepository bookings, SeatHoldRepository holds, SeatClaimRepository claims,
                        IdempotencyRecordRepository idempotency, SalesWindowRepository salesWindows, JdbcTransactions jdbc,
                        PerformanceDirectory performances, PaymentProvider payments, PaymentCalls paymentCalls,
                        SeatLocks locks, SeatMapService seatMaps, HoldService holdService, BookingCancellation cancellation,
                        RefusalFormat refusals, ObjectMapper json, MeterRegistry registry, BookingConfig config) {
        this.bookings = bookings;
        this.holds = holds;
        this.claims = claims;
        this.idempotency = idempotency;
        this.salesWindows = salesWindows;
        this.jdbc = jdbc;
        this.performances = performances;
        this.payments = payments;
        this.paymentCalls = paymentCalls;
        this.locks = locks;
        this.seatMaps = seatMaps;
        this.holdService = holdService;
        this.cancellation = cancellation;
        this.refusals = refusals;
        this.json = json;
        this.registry = registry;
        this.config = config;
    }

    /** A confirm's answer as it is given and stored under its key: the HTTP status and its body (JSON). */
    public record Answer(int status, String body) {
    }

    /**
     * Books the caller's hold under {@code idempotencyKey} and answers: 201 with the booking, or a final refusal (see
     * {@link RefusalFormat}); the same key and hold again get the same answer. The key is registered in the
     * transaction that starts the booking, so the same key sent twice at once waits for the first; a rolled-back
     * attempt leaves no record behind. That transaction calls nobody while it holds locks: it prices the seats from
     * the layout in memory, and when there is none it rolls back, the layout is fetched from catalog-service, and it
     * starts again. A hold whose sales window has shut is released.
     *
     * @throws IdempotencyKeyReusedException when the key was used for another hold
     * @throws BookingInProgressException while another booking of the hold is being paid
     * @throws dev.encore.booking.domain.DependencyUnavailableException when the provider, catalog-service or the
     *         database cannot answer (the same key may try again)
     */
    public Answer confirm(UUID userId, String idempotencyKey, UUID holdId) {
        IdempotencyKey key = IdempotencyKey.of(userId, idempotencyKey, "POST /api/bookings " + holdId);
        try {
            return switch (attempt(holdId, key)) {
                case Attempt.Booked booked -> new Answer(201, booked.answer());
                case Attempt.KeyUsed used -> replay(used.earlier(), key);
            };
        } catch (PaymentDeclinedException | HoldNotFoundException | HoldExpiredException | SalesClosedException
                 | HoldAlreadyBookedException | ChargeRefundedException refusal) {
            Answer answer = refusals.answer(refusal);
            recordAnswer(key, answer);
            return answer;
        }
    }

    // What one attempt came to: booked now, or the key had been registered before and its record decides
    private sealed interface Attempt {
        record Booked(String answer) implements Attempt {
        }

        record KeyUsed(IdempotencyRecordRepository.Stored earlier) implements Attempt {
        }
    }

    private Answer replay(IdempotencyRecordRepository.Stored earlier, IdempotencyKey key) {
        if (!earlier.requestHash().equals(key.requestHash())) {
            throw new IdempotencyKeyReusedException();
        }
        if (earlier.responseStatus() != null) {
            return new Answer(earlier.responseStatus(), earlier.responseBody());
        }
        return new Answer(201, resume(earlier.bookingId(), key));
    }

    private Attempt attempt(UUID holdId, IdempotencyKey key) {
        try {
            return start(holdId, key);
        } catch (LayoutNotInMemory e) {
            performances.anyAge(e.performanceId);
            return start(holdId, key);
        }
    }

    private static final class LayoutNotInMemory extends RuntimeException {
        private final long performanceId;

        LayoutNotInMemory(long performanceId) {
            super(null, null, false, false);
            this.performanceId = performanceId;
        }
    }

    private Attempt start(UUID holdId, IdempotencyKey key) {
        UUID bookingId = UUID.randomUUID();
        UUID actor = UUID.randomUUID();
        Started started;
        try {
            started = jdbc.run("Starting booking " + bookingId, connection -> {
                Optional<IdempotencyRecordRepository.Stored> earlier = idempotency.register(connection, key, bookingId);
                return earlier.isPresent() ? new Started(null, earlier.get())
                        : new Started(startPayment(connection, key.userId(), holdId, bookingId, actor), null);
            });
        } catch (SalesClosedException e) {
            releaseUnpayable(key.userId(), holdId);
            throw e;
        }
        return started.earlier() != null ? new Attempt.KeyUsed(started.earlier())
                : settle(started.pending(), key, actor);
    }

    // the hold can never be paid now: its seats go back at once rather than at its expiry, unless it is being paid
    // or has been (then its booking decides)
    private void releaseUnpayable(UUID userId, UUID holdId) {
        try {
            holdService.release(userId, holdId);
        } catch (BookingInProgressException | HoldAlreadyBookedException e) {
            LOG.debugf("Hold %s stays with its booking: %s", holdId, e.getMessage());
        }
    }

    private record Started(Booking pending, IdempotencyRecordRepository.Stored earlier) {
    }

    /**
     * A retry under the same key: finishes what the first attempt started, charging at most once. While another actor
     * drives the PENDING booking (the same key sent twice at once, or the reconciler), it waits for that actor's
     * outcome, at most one payment lease long. 201 only for a CONFIRMED booking.
     *
     * @throws BookingInProgressException when the booking is still being paid by another actor after that wait
     * @throws PaymentDeclinedException when the charge was declined (or never made, by the reconciler's judgement)
     * @throws ChargeRefundedException when a charge was made but bought nothing (refunded)
     * @throws BookingStateConflictException when the booking was confirmed and has since been cancelled
     */
    private String resume(UUID bookingId, IdempotencyKey key) {
        long deadline = System.nanoTime() + config.paymentLease().toNanos();
        while (true) {
            Booking booking = bookings.find(bookingId).orElseThrow(() -> new BookingNotFoundException(bookingId));
            switch (booking.status()) {
                case PENDING -> {
                    UUID actor = UUID.randomUUID();
                    if (bookings.lease(bookingId, actor, config.paymentLease(), true, config.chargeInFlight()).isPresent()) {
                        return settle(booking, key, actor).answer();
                    }
                    if (System.nanoTime() > deadline) {
                        throw new BookingInProgressException();
                    }
                    pause();
                }
                case FAILED -> throw booking.paymentReference() != null ? new ChargeRefundedException(bookingId)
                        : new PaymentDeclinedException();
                case CONFIRMED -> {
                    String answer = answerOf(booking);
                    recordAnswer(key, new Answer(201, answer));
                    return answer;
                }
                case CANCELLED -> throw new BookingStateConflictException("Booking " + bookingId
                        + " was confirmed and has since been cancelled (refunded)");
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BookingInProgressException();
        }
    }

    /**
     * Settles a booking left PENDING (a crash, a lost answer, a provider that timed out), when no other actor drives
     * it: what the provider knows under its key decides. "No such charge" fails the booking only once no charge sent
     * under the key can still be in flight (charge-in-flight); until then it stays PENDING for a later round.
     */
    public void reconcile(UUID bookingId) {
        Booking booking = bookings.find(bookingId).orElseThrow(() -> new BookingNotFoundException(bookingId));
        UUID actor = UUID.randomUUID();
        Optional<BookingRepository.Lease> lease = booking.status() == Booking.Status.PENDING
                ? bookings.lease(bookingId, actor, config.paymentLease(), false, config.chargeInFlight()) : Optional.empty();
        if (lease.isEmpty()) {
            return;
        }
        try {
            Optional<PaymentProvider.Charge> charge = payments.findCharge(booking.chargeKey());
            if (charge.isPresent() && charge.get().approved()) {
                sell(booking, charge.get().reference(), Optional.empty());
                LOG.infof("Reconciled PENDING booking %s: sold", bookingId);
            } else if (charge.isPresent() || !lease.get().chargeMayBeInFlight()) {
                decline(bookingId);
                LOG.infof("Reconciled PENDING booking %s: failed (%s)", bookingId, charge.isPresent() ? "declined" : "never charged");
            } else {
                LOG.infof("Booking %s stays PENDING: its charge may still reach the provider", bookingId);
            }
        } finally {
            bookings.endLease(bookingId, actor);
        }
    }

    // in the transaction that registered the key, over plain JDBC like the sale: once per booking of an on-sale;
    // the locks in LockOrder's order, then the sales window by the clock of a statement that ran after them
    private Booking startPayment(Connection connection, UUID userId, UUID holdId, UUID bookingId, UUID actor)
            throws SQLException {
        OptionalLong performanceId = LockOrder.salesThenUserOfHold(connection, holdId, userId);
        if (performanceId.isEmpty()) {
            throw new HoldNotFoundException(holdId);
        }
        if (!salesWindows.selling(connection, performanceId.getAsLong())) {
            throw new SalesClosedException(performanceId.getAsLong());
        }
        SeatHold hold = holds.findOwnedForUpdate(connection, holdId, userId).orElseThrow(() -> new HoldNotFoundException(holdId));
        if (hold.status() == SeatHold.Status.CONFIRMED) {
            throw new HoldAlreadyBookedException(holdId);
        }
        if (hold.status() != SeatHold.Status.ACTIVE) {
            throw new HoldExpiredException();
        }
        PerformanceLayout layout = performances.inMemory(hold.performanceId())
                .orElseThrow(() -> new LayoutNotInMemory(hold.performanceId()));
        Booking booking = Booking.pending(bookingId, hold, priceOf(layout, hold.seatIds()), layout.currency());
        if (bookings.startPaying(connection, booking, hold.fence(), actor, config.paymentLease()) != hold.seatIds().size()) {
            throw new HoldExpiredException();
        }
        return booking;
    }

    /**
     * Charges a PENDING booking that {@code actor} leases, read in a transaction that has ended, and sells or declines
     * by the answer. A provider that cannot be reached leaves it PENDING and gives the lease back, so that a retry
     * under the same key may go on at once.
     */
    private Attempt.Booked settle(Booking booking, IdempotencyKey key, UUID actor) {
        PaymentProvider.Charge charge;
        try {
            charge = paymentCalls.call(() -> payments.charge(booking.chargeKey(), booking.amount(), booking.currency()));
        } catch (RuntimeException e) {
            bookings.endLease(booking.id(), actor);
            throw e;
        }
        if (!charge.approved()) {
            decline(booking.id());
            throw new PaymentDeclinedException();
        }
        return new Attempt.Booked(sell(booking, charge.reference(), Optional.of(key)));
    }

    /**
     * {@code pending} is the booking as read before the charge, in a transaction that has ended. Returns the 201 body
     * that shows the booking as the sale left it; with a key, it is recorded as the key's answer in the sale's
     * transaction.
     */
    private String sell(Booking pending, String paymentReference, Optional<IdempotencyKey> key) {
        Booking sold = pending.sold(paymentReference);
        String answer = answerOf(sold);
        BookingRepository.SaleOutcome outcome = bookings.sell(pending.id(), paymentReference, key, answer);
        if (outcome == BookingRepository.SaleOutcome.PERFORMANCE_CANCELLED) {
            cancellation.refundUnsold(pending, paymentReference);
            throw new SalesClosedException(pending.performanceId(), "CANCELLED");
        }
        if (outcome == BookingRepository.SaleOutcome.ALREADY_SETTLED) {
            Booking settled = bookings.find(pending.id()).orElseThrow();
            return switch (settled.status()) {
                case CONFIRMED -> answerOf(settled);
                case CANCELLED -> throw new BookingStateConflictException("Booking " + pending.id()
                        + " was confirmed and has since been cancelled (refunded)");
                case PENDING, FAILED -> {
                    // failed by another actor while this charge was under way: the charge bought nothing
                    cancellation.refundUnsold(pending, paymentReference);
                    throw new ChargeRefundedException(pending.id());
                }
            };
        }
        try {
            locks.markSold(sold.performanceId(), sold.seatIds(), sold.holdId(), sold.userId(), sold.id());
        } catch (RuntimeException e) {
            LOG.warnf("Booking %s confirmed, but Redis does not show its seats sold (PostgreSQL does): %s", sold.id(), e.toString());
        }
        seatMaps.forget(sold.performanceId());
        registry.counter("encore.bookings", "outcome", "confirmed").increment();
        return answer;
    }

    // without waiting for the disk: see IdempotencyRecordRepository.storeAnswer
    private void recordAnswer(IdempotencyKey key, Answer answer) {
        jdbc.run("Recording the answer under an Idempotency-Key", connection -> {
            JdbcTransactions.relaxCommit(connection);
            idempotency.storeAnswer(connection, key, answer.status(), answer.body());
            return null;
        });
    }

    private String answerOf(Booking booking) {
        try {
            return json.writeValueAsString(BookingView.of(booking));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // in LockOrder's order: the hold row, the claims back to HELD, then the booking
    private void decline(UUID bookingId) {
        jdbc.run("Declining booking " + bookingId, connection -> {
            LockOrder.salesThenHoldOfBooking(connection, bookingId);
            claims.backToHeld(connection, bookingId);
            return bookings.decline(connection, bookingId);
        });
        registry.counter("encore.bookings", "outcome", "declined").increment();
    }

    private static BigDecimal priceOf(PerformanceLayout layout, List<String> seatIds) {
        return seatIds.stream().map(seat -> layout.sectionOf(SeatId.parse(seat)).orElseThrow().price())
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** Up to {@code limit} PENDING bookings older than the grace (by the database clock) that nobody leases. */
    List<UUID> toReconcile(int limit) {
        return bookings.toReconcile(config.pendingGrace(), limit);
    }
}
