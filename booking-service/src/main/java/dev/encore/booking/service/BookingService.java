package dev.encore.booking.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.encore.booking.client.PaymentProvider;
import dev.encore.booking.client.PerformanceDirectory;
import dev.encore.booking.domain.Booking;
import dev.encore.booking.config.BookingConfig;
import dev.encore.booking.domain.BookingInProgressException;
import dev.encore.booking.domain.BookingNotFoundException;
import dev.encore.booking.domain.ChargeRefundedException;
import dev.encore.booking.domain.HoldAlreadyBookedException;
import dev.encore.booking.domain.BookingStateConflictException;
import dev.encore.booking.domain.BookingView;
import dev.encore.booking.domain.DependencyUnavailableException;
import dev.encore.booking.domain.HoldExpiredException;
import dev.encore.booking.domain.HoldNotFoundException;
import dev.encore.booking.domain.IdempotencyKey;
import dev.encore.booking.domain.PaymentDeclinedException;
import dev.encore.booking.domain.PerformanceAlreadyClosedException;
import dev.encore.booking.domain.PerformanceLayout;
import dev.encore.booking.domain.SalesClosedException;
import dev.encore.booking.domain.SeatHold;
import dev.encore.booking.domain.SeatId;
import dev.encore.booking.repository.BookingRepository;
import dev.encore.booking.repository.CommitDurability;
import dev.encore.booking.repository.IdempotencyRecordRepository;
import dev.encore.booking.repository.JdbcTransactions;
import dev.encore.booking.repository.LockOrder;
import dev.encore.booking.repository.SalesWindowRepository;
import dev.encore.booking.repository.SeatClaimRepository;
import dev.encore.booking.repository.SeatHoldRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Confirmation, by the seat protocol: PostgreSQL first moves every claim of the hold to PAYING for a PENDING
 * booking (only while the hold's fence still owns them, by the database clock); only then is the card charged,
 * under the booking's own idempotency key. Approval sells the seats, a decline gives them back to the hold, and
 * an unreachable provider leaves the booking PENDING for a retry with the same Idempotency-Key or the reconciler.
 */
@ApplicationScoped
public class BookingService {

    private static final Logger LOG = Logger.getLogger(BookingService.class);

    private final BookingRepository bookings;
    private final SeatHoldRepository holds;
    private final SeatClaimRepository claims;
    private final IdempotencyRecordRepository idempotency;
    private final PerformanceDirectory performances;
    private final PaymentProvider payments;
    private final SeatLocks locks;
    private final MeterRegistry registry;
    private final SeatMapService seatMaps;
    private final CommitDurability durability;
    private final ObjectMapper json;
    private final JdbcTransactions jdbc;
    private final SalesWindowRepository salesWindows;
    private final HoldService holdService;
    private final BookingConfig config;

    BookingService(BookingRepository bookings, SeatHoldRepository holds, SeatClaimRepository claims,
                   IdempotencyRecordRepository idempotency, PerformanceDirectory performances, PaymentProvider payments,
                   SeatLocks locks, MeterRegistry registry, SeatMapService seatMaps, CommitDurability durability,
                   ObjectMapper json, JdbcTransactions jdbc, SalesWindowRepository salesWindows, HoldService holdService,
                   BookingConfig config) {
        this.config = config;
        this.salesWindows = salesWindows;
        this.holdService = holdService;
        this.json = json;
        this.jdbc = jdbc;
        this.seatMaps = seatMaps;
        this.durability = durability;
        this.bookings = bookings;
        this.holds = holds;
        this.claims = claims;
        this.idempotency = idempotency;
        this.performances = performances;
        this.payments = payments;
        this.locks = locks;
        this.registry = registry;
    }

    /** What a confirm under an Idempotency-Key came to. */
    public sealed interface Confirmation {
        /** Booked; {@code answer} is the 201 body, recorded under the key in the sale's own transaction. */
        record Booked(String answer) implements Confirmation {
        }

        /** The key was registered before; its record decides the answer. */
        record KeyUsed(IdempotencyRecordRepository.Stored earlier) implements Confirmation {
        }
    }

    /**
     * Books the caller's hold. The key is registered in the transaction that starts the booking, so the same key
     * sent twice at once waits for the first; a rolled-back attempt leaves no record behind. That transaction calls
     * nobody while it holds locks: it prices the seats from the layout in memory, and when there is none it rolls
     * back, the layout is fetched from catalog-service, and it starts again.
     *
     * @throws HoldNotFoundException for another user's hold or none
     * @throws BookingInProgressException while another booking of the hold is being paid
     * @throws HoldAlreadyBookedException when the hold has been paid for
     * @throws HoldExpiredException when the hold expired or its seats were taken over
     * @throws SalesClosedException when the performance's sales window is shut (the hold is released)
     */
    public Confirmation confirm(UUID holdId, IdempotencyKey key) {
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

    private Confirmation start(UUID holdId, IdempotencyKey key) {
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
        return started.earlier() != null ? new Confirmation.KeyUsed(started.earlier())
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
    public Confirmation.Booked resume(UUID bookingId, IdempotencyKey key) {
        long deadline = System.nanoTime() + config.paymentLease().toNanos();
        while (true) {
            Booking booking = QuarkusTransaction.requiringNew().call(() -> bookings.findById(bookingId));
            switch (booking.status) {
                case PENDING -> {
                    UUID actor = UUID.randomUUID();
                    if (bookings.lease(bookingId, actor, config.paymentLease(), true, config.chargeInFlight()).isPresent()) {
                        return settle(booking, key, actor);
                    }
                    if (System.nanoTime() > deadline) {
                        throw new BookingInProgressException();
                    }
                    pause();
                }
                case FAILED -> throw booking.paymentReference != null ? new ChargeRefundedException(bookingId)
                        : new PaymentDeclinedException();
                case CONFIRMED -> {
                    String answer = answerOf(booking);
                    recordAnswer(key, 201, answer);
                    return new Confirmation.Booked(answer);
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

    public List<BookingView> mine(UUID userId) {
        return QuarkusTransaction.requiringNew().call(() -> bookings.ofUser(userId).stream().map(BookingView::of).toList());
    }

    public BookingView get(UUID userId, UUID bookingId) {
        return QuarkusTransaction.requiringNew().call(() -> bookings.findOwned(bookingId, userId).map(BookingView::of)
                .orElseThrow(() -> new BookingNotFoundException(bookingId)));
    }

    /** Refunds and frees the seats of the caller's confirmed booking, while its performance is not closed. */
    public BookingView cancel(UUID userId, UUID bookingId) {
        Booking booking = QuarkusTransaction.requiringNew().call(() -> bookings.findOwned(bookingId, userId)
                .orElseThrow(() -> new BookingNotFoundException(bookingId)));
        if (booking.status == Booking.Status.CANCELLED) {
            return BookingView.of(booking);
        }
        if (booking.status != Booking.Status.CONFIRMED) {
            throw new BookingStateConflictException("Only a confirmed booking can be cancelled; this one is " + booking.status);
        }
        if ("CLOSED".equals(performances.freshStatus(booking.performanceId).status())) {
            throw new PerformanceAlreadyClosedException(booking.performanceId);
        }
        return BookingView.of(refundAndCancel(booking, Booking.CancelReason.BUYER));
    }

    /**
     * Settles one booking that owes a refund (see BookingRepository.owingRefunds): a charge that bought nothing is
     * refunded; a confirmed booking of a cancelled performance is refunded and cancelled. The refund key is the
     * booking's own, so a round that repeats after a crash refunds once. False when the provider could not refund it
     * (it stays owed).
     */
    public boolean settleRefund(UUID bookingId) {
        Booking booking = QuarkusTransaction.requiringNew().call(() -> bookings.findById(bookingId));
        if (booking.status == Booking.Status.FAILED && booking.paymentReference != null && booking.refundReference == null) {
            return refundUnsold(booking, booking.paymentReference);
        }
        if (booking.status == Booking.Status.CONFIRMED) {
            refundAndCancel(booking, Booking.CancelReason.PERFORMANCE_CANCELLED);
        }
        return true;
    }

    // the refund first: if it fails nothing has changed, and a retry uses the same refund key; then, in LockOrder's
    // order, the claims are released and the booking cancelled
    private Booking refundAndCancel(Booking booking, Booking.CancelReason reason) {
        UUID bookingId = booking.id;
        PaymentProvider.Refund refund = callProvider(() -> payments.refund(booking.refundKey(), booking.paymentReference,
                booking.amount, booking.currency));
        boolean cancelled = jdbc.run("Cancelling booking " + bookingId, connection -> {
            LockOrder.salesThenHoldOfBooking(connection, bookingId);
            claims.releaseSold(connection, bookingId);
            return bookings.cancel(connection, bookingId, refund.reference(), reason);
        });
        Booking now = QuarkusTransaction.requiringNew().call(() -> bookings.findById(bookingId));
        if (!cancelled) {
            return now;
        }
        try {
            locks.releaseSale(now.performanceId, now.seatIds, now.holdId, now.userId, bookingId);
        } catch (RuntimeException e) {
            LOG.warnf("Booking %s cancelled, but its seats stay marked sold in Redis until released: %s", bookingId, e.toString());
        }
        seatMaps.forget(now.performanceId);
        registry.counter("encore.bookings", "outcome", "cancelled").increment();
        return now;
    }

    // the booking is FAILED with its charge recorded before the refund is asked for, so that a crash in between
    // leaves a refund the next round finds
    private boolean refundUnsold(Booking booking, String paymentReference) {
        bookings.failCharged(booking.id, paymentReference);
        seatMaps.forget(booking.performanceId);
        try {
            PaymentProvider.Refund refund = payments.refund(booking.refundKey(), paymentReference, booking.amount,
                    booking.currency);
            bookings.recordRefund(booking.id, refund.reference());
            registry.counter("encore.bookings", "outcome", "charge-refunded").increment();
            return true;
        } catch (RuntimeException e) {
            LOG.warnf("Booking %s: the charge %s bought nothing; its refund is retried by the next refund round: %s",
                    booking.id, paymentReference, e.toString());
            return false;
        }
    }

    /**
     * Settles a booking left PENDING (a crash, a lost answer, a provider that timed out), when no other actor drives
     * it: what the provider knows under its key decides. "No such charge" fails the booking only once no charge sent
     * under the key can still be in flight (charge-in-flight); until then it stays PENDING for a later round.
     */
    public void reconcile(UUID bookingId) {
        Booking booking = QuarkusTransaction.requiringNew().call(() -> bookings.findById(bookingId));
        UUID actor = UUID.randomUUID();
        Optional<BookingRepository.Lease> lease = booking.status == Booking.Status.PENDING
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
        if (hold.status == SeatHold.Status.CONFIRMED) {
            throw new HoldAlreadyBookedException(holdId);
        }
        if (hold.status != SeatHold.Status.ACTIVE) {
            throw new HoldExpiredException();
        }
        PerformanceLayout layout = performances.inMemory(hold.performanceId)
                .orElseThrow(() -> new LayoutNotInMemory(hold.performanceId));
        Booking booking = Booking.pending(bookingId, hold, priceOf(layout, hold.seatIds), layout.currency());
        if (bookings.startPaying(connection, booking, hold.fence, actor, config.paymentLease()) != hold.seatIds.size()) {
            throw new HoldExpiredException();
        }
        return booking;
    }

    /**
     * Charges a PENDING booking that {@code actor} leases, read in a transaction that has ended, and sells or declines
     * by the answer. A provider that cannot be reached leaves it PENDING and gives the lease back, so that a retry
     * under the same key may go on at once.
     */
    private Confirmation.Booked settle(Booking booking, IdempotencyKey key, UUID actor) {
        PaymentProvider.Charge charge;
        try {
            charge = callProvider(() -> payments.charge(booking.chargeKey(), booking.amount, booking.currency));
        } catch (RuntimeException e) {
            bookings.endLease(booking.id, actor);
            throw e;
        }
        if (!charge.approved()) {
            decline(booking.id);
            throw new PaymentDeclinedException();
        }
        return new Confirmation.Booked(sell(booking, charge.reference(), Optional.of(key)));
    }

    /**
     * {@code pending} is the booking as read before the charge, in a transaction that has ended. Returns the 201 body
     * that shows the booking as the sale left it; with a key, it is recorded as the key's answer in the sale's
     * transaction.
     */
    private String sell(Booking pending, String paymentReference, Optional<IdempotencyKey> key) {
        Booking sold = pending.sell(paymentReference);
        String answer = answerOf(sold);
        BookingRepository.SaleOutcome outcome = bookings.sell(pending.id, paymentReference, key, answer);
        if (outcome == BookingRepository.SaleOutcome.PERFORMANCE_CANCELLED) {
            refundUnsold(pending, paymentReference);
            throw new SalesClosedException(pending.performanceId, "CANCELLED");
        }
        if (outcome == BookingRepository.SaleOutcome.ALREADY_SETTLED) {
            Booking settled = QuarkusTransaction.requiringNew().call(() -> bookings.findById(pending.id));
            return switch (settled.status) {
                case CONFIRMED -> answerOf(settled);
                case CANCELLED -> throw new BookingStateConflictException("Booking " + pending.id
                        + " was confirmed and has since been cancelled (refunded)");
                case PENDING, FAILED -> {
                    // failed by another actor while this charge was under way: the charge bought nothing
                    refundUnsold(pending, paymentReference);
                    throw new ChargeRefundedException(pending.id);
                }
            };
        }
        try {
            locks.markSold(sold.performanceId, sold.seatIds, sold.holdId, sold.userId, sold.id);
        } catch (RuntimeException e) {
            LOG.warnf("Booking %s confirmed, but Redis does not show its seats sold (PostgreSQL does): %s", sold.id, e.toString());
        }
        seatMaps.forget(sold.performanceId);
        registry.counter("encore.bookings", "outcome", "confirmed").increment();
        return answer;
    }

    /** Records the answer to the key without waiting for the disk (see IdempotencyRecordRepository.storeAnswer). */
    public void recordAnswer(IdempotencyKey key, int status, String body) {
        QuarkusTransaction.requiringNew().run(() -> {
            durability.relaxForThisTransaction();
            idempotency.storeAnswer(key, status, body);
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

    private <T> T callProvider(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (WebApplicationException e) {
            throw e;
        } catch (RuntimeException e) {
            registry.counter("encore.bookings", "outcome", "provider-unavailable").increment();
            // an open breaker will not let a call through for its whole delay: say so, in milliseconds
            Duration retryAfter = e instanceof CircuitBreakerOpenException ? Duration.ofSeconds(5) : Duration.ofMillis(500);
            throw new DependencyUnavailableException("payment provider", retryAfter, e);
        }
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
