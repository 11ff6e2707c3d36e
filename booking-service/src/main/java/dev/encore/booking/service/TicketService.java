package dev.encore.booking.service;

import dev.encore.booking.domain.AlreadyCheckedInException;
import dev.encore.booking.domain.Booking;
import dev.encore.booking.domain.BookingNotFoundException;
import dev.encore.booking.domain.BookingStateConflictException;
import dev.encore.booking.domain.CancelInProgressException;
import dev.encore.booking.domain.CheckInView;
import dev.encore.booking.domain.InvalidTicketCodeException;
import dev.encore.booking.domain.Ticket;
import dev.encore.booking.domain.TicketView;
import dev.encore.booking.domain.TicketVoidException;
import dev.encore.booking.domain.WrongPerformanceException;
import dev.encore.booking.repository.BookingRepository;
import dev.encore.booking.repository.CheckInRepository;
import dev.encore.booking.security.TicketCodes;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Tickets of confirmed bookings, and their check-in at the door (docs/api.md: tickets and check-in). */
@ApplicationScoped
public class TicketService {

    private final BookingRepository bookings;
    private final CheckInRepository checkIns;
    private final TicketCodes codes;
    private final MeterRegistry registry;

    TicketService(BookingRepository bookings, CheckInRepository checkIns, TicketCodes codes, MeterRegistry registry) {
        this.bookings = bookings;
        this.checkIns = checkIns;
        this.codes = codes;
        this.registry = registry;
    }

    /**
     * One ticket per seat of the caller's booking, in the booking's seat order, each with a freshly signed code, its QR
     * image and its check-in time.
     *
     * @throws BookingNotFoundException      when the booking is not the caller's or does not exist
     * @throws BookingStateConflictException when the booking is not CONFIRMED (a cancelled booking's tickets are void)
     */
    public List<TicketView> tickets(UUID userId, UUID bookingId) {
        Booking booking = bookings.findOwned(bookingId, userId).orElseThrow(() -> new BookingNotFoundException(bookingId));
        if (booking.status() != Booking.Status.CONFIRMED) {
            throw new BookingStateConflictException("Only a confirmed booking has tickets; this one is " + booking.status());
        }
        Map<String, Instant> checkedIn = checkIns.ofBooking(bookingId);
        return booking.seatIds().stream().map(seat -> {
            String code = codes.sign(new Ticket(bookingId, booking.performanceId(), seat));
            return new TicketView(bookingId, booking.performanceId(), seat, code, QrSvg.of(code), checkedIn.get(seat));
        }).toList();
    }

    /**
     * Admits the ticket a scanned code stands for, once; at the door of {@code performanceId} when given (null: any).
     *
     * @throws InvalidTicketCodeException  when the code is not a ticket code encore signed
     * @throws WrongPerformanceException   when the ticket is for another performance than {@code performanceId}
     * @throws TicketVoidException         when the ticket's booking is not CONFIRMED (cancelled, refunded)
     * @throws AlreadyCheckedInException   when the ticket was checked in before (also by a concurrent scan)
     * @throws CancelInProgressException  while the booking's buyer is cancelling it (the refund is being asked for)
     */
    public CheckInView checkIn(UUID scannerId, String code, Long performanceId) {
        Ticket ticket;
        try {
            ticket = codes.verify(code);
        } catch (InvalidTicketCodeException e) {
            count("invalid");
            throw e;
        }
        if (performanceId != null && performanceId != ticket.performanceId()) {
            count("wrong-performance");
            throw new WrongPerformanceException(ticket, performanceId);
        }
        CheckInRepository.Result result = checkIns.checkIn(ticket, scannerId);
        if (result.bookingStatus().isEmpty() || result.bookingStatus().get() != Booking.Status.CONFIRMED) {
            // cancelled or refunded: void, even while a late cancel mark lingers
            count("void");
            throw new TicketVoidException(ticket.bookingId(), result.bookingStatus().orElse(null), result.cancelReason());
        }
        if (result.cancelling()) {
            count("cancel-in-progress");
            throw new CancelInProgressException(ticket.bookingId());
        }
        if (!result.admitted()) {
            count("already-checked-in");
            throw new AlreadyCheckedInException(ticket, result.checkedInAt());
        }
        count("admitted");
        return new CheckInView(ticket.bookingId(), ticket.performanceId(), ticket.seatId(), result.checkedInAt());
    }

    private void count(String outcome) {
        registry.counter("encore.check-ins", "outcome", outcome).increment();
    }
}
