package dev.encore.booking.service;

import dev.encore.booking.client.PaymentProvider;
import dev.encore.booking.client.PerformanceDirectory;
import dev.encore.booking.config.BookingConfig;
import dev.encore.booking.domain.Booking;
import dev.encore.booking.domain.BookingCheckedInException;
import dev.encore.booking.domain.BookingNotFoundException;
import dev.encore.booking.domain.BookingStateConflictException;
import dev.encore.booking.domain.BookingView;
import dev.encore.booking.domain.CancelInProgressException;
import dev.encore.booking.domain.PerformanceAlreadyClosedException;
import dev.encore.booking.domain.SeatsFreed;
import dev.encore.booking.repository.BookingRepository;
import dev.encore.booking.repository.CheckInRepository;
import dev.encore.booking.repository.JdbcTransactions;
import dev.encore.booking.repository.LockOrder;
import dev.encore.booking.repository.SeatClaimRepository;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import org.jboss.logging.Logger;

import java.util.UUID;

/**
 * Cancellation and refunds: a buyer's cancel of a confirmed booking, the refunds a cancelled performance owes, and the
 * refund of a charge that bought nothing. Every refund carries the booking's own refund key, so that whatever repeats
 * after a crash refunds once; the refund is asked for before anything changes, so a failed refund changes nothing.
 */
@ApplicationScoped
public class BookingCancellation {

    private static final Logger LOG = Logger.getLogger(BookingCancellation.class);

    private final BookingRepository bookings;
    private final SeatClaimRepository claims;
    private final CheckInRepository checkIns;
    private final PerformanceDirectory performances;
    private final PaymentProvider payments;
    private final PaymentCalls paymentCalls;
    private final SeatLocks locks;
    private final SeatMapService seatMaps;
    private final JdbcTransactions jdbc;
    private final MeterRegistry registry;
    private final BookingConfig config;
    private final Event<SeatsFreed> seatsFreed;

    BookingCancellation(BookingRepository bookings, SeatClaimRepository claims, CheckInRepository checkIns,
                        PerformanceDirectory performances,
                        PaymentProvider payments, PaymentCalls paymentCalls, SeatLocks locks, SeatMapService seatMaps,
                        JdbcTransactions jdbc, MeterRegistry registry, BookingConfig config, Event<SeatsFreed> seatsFreed) {
        this.seatsFreed = seatsFreed;
        this.bookings = bookings;
        this.claims = claims;
        this.checkIns = checkIns;
        this.performances = performances;
        this.payments = payments;
        this.paymentCalls = paymentCalls;
        this.locks = locks;
        this.seatMaps = seatMaps;
        this.jdbc = jdbc;
        this.registry = registry;
        this.config = config;
    }

    /**
     * Refunds and frees the seats of the caller's confirmed booking, while its performance is not closed; a booking
     * already cancelled is answered as it is.
     *
     * @throws BookingNotFoundException when the booking is not the caller's or does not exist
     * @throws BookingStateConflictException when the booking is not CONFIRMED
     * @throws PerformanceAlreadyClosedException when its performance has closed
     * @throws BookingCheckedInException when a ticket of it has been checked in; from the check until the cancel
     *                                   ends, a scan of its tickets is answered "cancel in progress", not admitted
     * @throws CancelInProgressException while another cancel of it is under way
     */
    public BookingView cancel(UUID userId, UUID bookingId) {
        Booking booking = bookings.findOwned(bookingId, userId).orElseThrow(() -> new BookingNotFoundException(bookingId));
        if (booking.status() == Booking.Status.CANCELLED) {
            return BookingView.of(booking);
        }
        if (booking.status() != Booking.Status.CONFIRMED) {
            throw new BookingStateConflictException("Only a confirmed booking can be cancelled; this one is " + booking.status());
        }
        if ("CLOSED".equals(performances.freshStatus(booking.performanceId()).status())) {
            throw new PerformanceAlreadyClosedException(booking.performanceId());
        }
        // under the booking's row lock: no ticket checked in, and from now on none can be until the cancel ends
        boolean started = jdbc.run("Starting the cancel of booking " + bookingId, connection -> {
            if (!bookings.lockConfirmed(connection, bookingId)) {
                return false;
            }
            if (checkIns.any(connection, bookingId)) {
                throw new BookingCheckedInException(bookingId);
            }
            // one cancel at a time: only the one that marked may clear the mark
            if (!bookings.markCancelling(connection, bookingId, config.paymentLease())) {
                throw new CancelInProgressException(bookingId);
            }
            return true;
        });
        if (!started) {
            // cancelled meanwhile by another request (or its performance's cancel): answered as it now is
            return BookingView.of(bookings.find(bookingId).filter(b -> b.status() == Booking.Status.CANCELLED)
                    .orElseThrow(() -> new BookingStateConflictException("The booking changed while it was being cancelled")));
        }
        PaymentProvider.Refund refund;
        try {
            refund = refund(booking);
        } catch (RuntimeException e) {
            bookings.clearCancelling(bookingId);
            throw e;
        }
        return BookingView.of(cancelRefunded(booking, refund, Booking.CancelReason.BUYER));
    }

    /**
     * Settles one booking that owes a refund (see BookingRepository.owingRefunds): a charge that bought nothing is
     * refunded; a confirmed booking of a cancelled performance is refunded and cancelled. False when the provider
     * could not refund it (it stays owed).
     */
    public boolean settleRefund(UUID bookingId) {
        Booking booking = bookings.find(bookingId).orElseThrow(() -> new BookingNotFoundException(bookingId));
        if (booking.status() == Booking.Status.FAILED && booking.paymentReference() != null && booking.refundReference() == null) {
            return refundUnsold(booking, booking.paymentReference());
        }
        if (booking.status() == Booking.Status.CONFIRMED) {
            // a buyer's abandoned cancel is completed as the buyer's; otherwise its performance was cancelled
            cancelRefunded(booking, refund(booking), bookings.cancelRequested(bookingId)
                    ? Booking.CancelReason.BUYER : Booking.CancelReason.PERFORMANCE_CANCELLED);
        }
        return true;
    }

    /**
     * A charge that bought nothing (its performance was cancelled, or another actor failed the booking while it was
     * charged): the booking is FAILED with the charge recorded before the refund is asked for, so that a crash in
     * between leaves a refund the next round finds. False when the provider could not refund it now.
     */
    public boolean refundUnsold(Booking booking, String paymentReference) {
        bookings.failCharged(booking.id(), paymentReference);
        seatMaps.forget(booking.performanceId());
        try {
            PaymentProvider.Refund refund = payments.refund(booking.refundKey(), paymentReference, booking.amount(),
                    booking.currency());
            bookings.recordRefund(booking.id(), refund.reference());
            registry.counter("encore.bookings", "outcome", "charge-refunded").increment();
            return true;
        } catch (RuntimeException e) {
            LOG.warnf("Booking %s: the charge %s bought nothing; its refund is retried by the next refund round: %s",
                    booking.id(), paymentReference, e.toString());
            return false;
        }
    }

    // the refund first: if it fails nothing has changed, and a retry uses the same refund key
    private PaymentProvider.Refund refund(Booking booking) {
        return paymentCalls.call(() -> payments.refund(booking.refundKey(), booking.paymentReference(), booking.amount(),
                booking.currency()));
    }

    // once refunded, in LockOrder's order, the claims are released and the booking cancelled
    private Booking cancelRefunded(Booking booking, PaymentProvider.Refund refund, Booking.CancelReason reason) {
        UUID bookingId = booking.id();
        boolean cancelled = jdbc.run("Cancelling booking " + bookingId, connection -> {
            LockOrder.salesThenHoldOfBooking(connection, bookingId);
            claims.releaseSold(connection, bookingId);
            return bookings.cancel(connection, bookingId, refund.reference(), reason);
        });
        Booking now = bookings.find(bookingId).orElseThrow();
        if (!cancelled) {
            return now;
        }
        try {
            locks.releaseSale(now.performanceId(), now.seatIds(), now.holdId(), now.userId(), bookingId);
        } catch (RuntimeException e) {
            LOG.warnf("Booking %s cancelled, but its seats stay marked sold in Redis until released: %s", bookingId, e.toString());
        }
        seatMaps.forget(now.performanceId());
        seatsFreed.fireAsync(new SeatsFreed(now.performanceId()));
        registry.counter("encore.bookings", "outcome", "cancelled").increment();
        return now;
    }
}
