package dev.encore.booking.rest;

import dev.encore.booking.domain.AlreadyCheckedInException;
import dev.encore.booking.domain.BookingCheckedInException;
import dev.encore.booking.domain.BookingInProgressException;
import dev.encore.booking.domain.CancelInProgressException;
import dev.encore.booking.domain.BookingNotFoundException;
import dev.encore.booking.domain.BookingStateConflictException;
import dev.encore.booking.domain.ChargeRefundedException;
import dev.encore.booking.domain.DependencyUnavailableException;
import dev.encore.booking.domain.HoldAlreadyBookedException;
import dev.encore.booking.domain.HoldExpiredException;
import dev.encore.booking.domain.HoldNotFoundException;
import dev.encore.booking.domain.IdempotencyKeyReusedException;
import dev.encore.booking.domain.InvalidSeatRequestException;
import dev.encore.booking.domain.InvalidTicketCodeException;
import dev.encore.booking.domain.NoBlockFitsException;
import dev.encore.booking.domain.PaymentDeclinedException;
import dev.encore.booking.domain.PerformanceAlreadyClosedException;
import dev.encore.booking.domain.PerformanceNotFoundException;
import dev.encore.booking.domain.PerformanceStatusConflictException;
import dev.encore.booking.domain.QueuePassRequiredException;
import dev.encore.booking.domain.SalesClosedException;
import dev.encore.booking.domain.SeatLimitExceededException;
import dev.encore.booking.domain.SeatsUnavailableException;
import dev.encore.booking.domain.TicketVoidException;
import dev.encore.booking.domain.WrongPerformanceException;
import dev.encore.booking.domain.AlreadyWaitingException;
import dev.encore.booking.domain.NotSoldOutException;
import dev.encore.booking.domain.WaitlistEntryNotFoundException;
import dev.encore.booking.domain.WaitlistFirstException;
import dev.encore.common.Problem;
import dev.encore.common.ProblemResponses;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.time.Duration;

/**
 * booking-service's own failures as problem+json answers; everything else (validation, JSON, 401, 403, 404, 500) is
 * encore-common's {@link dev.encore.common.GenericProblemMapper}. ConfirmationRefusals writes a confirm's final
 * refusals with these, to be stored under the Idempotency-Key and replayed.
 */
public class ProblemMapper {

    @ServerExceptionMapper
    public Response invalidSeats(InvalidSeatRequestException e) {
        String message = e.seatIds().isEmpty() ? e.getMessage() : e.getMessage() + ": " + String.join(", ", e.seatIds());
        return ProblemResponses.respond(Problem.invalid(e.field(), message));
    }

    @ServerExceptionMapper
    public Response seatsUnavailable(SeatsUnavailableException e) {
        return ProblemResponses.respond(Problem.of("seats-unavailable", "Seats unavailable", 409, e.getMessage())
                .with("unavailableSeatIds", e.unavailableSeatIds()));
    }

    @ServerExceptionMapper
    public Response salesClosed(SalesClosedException e) {
        return ProblemResponses.respond(Problem.of("sales-closed", "Sales closed", 409, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response queuePassRequired(QueuePassRequiredException e) {
        return ProblemResponses.respond(Problem.of("queue-pass-required", "Waiting room pass required", 403, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response seatLimit(SeatLimitExceededException e) {
        return ProblemResponses.respond(Problem.of("seat-limit-reached", "Seat limit reached", 409, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response performanceNotFound(PerformanceNotFoundException e) {
        return ProblemResponses.respond(Problem.of("performance-not-found", "Performance not found", 404, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response holdNotFound(HoldNotFoundException e) {
        return ProblemResponses.respond(Problem.of("hold-not-found", "Hold not found", 404, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response declined(PaymentDeclinedException e) {
        return ProblemResponses.respond(Problem.of("payment-declined", "Payment declined", 402, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response holdExpired(HoldExpiredException e) {
        return ProblemResponses.respond(Problem.of("hold-expired", "Hold expired or lost", 409, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response holdBooked(HoldAlreadyBookedException e) {
        return ProblemResponses.respond(Problem.of("hold-booked", "Hold already paid for", 409, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response chargeRefunded(ChargeRefundedException e) {
        return ProblemResponses.respond(Problem.of("charge-refunded", "Charged and refunded", 409, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response bookingNotFound(BookingNotFoundException e) {
        return ProblemResponses.respond(Problem.of("booking-not-found", "Booking not found", 404, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response inProgress(BookingInProgressException e) {
        return ProblemResponses.respond(Problem.of("booking-in-progress", "Booking in progress", 409, e.getMessage()),
                Duration.ofSeconds(1));
    }

    @ServerExceptionMapper
    public Response bookingState(BookingStateConflictException e) {
        return ProblemResponses.respond(Problem.of("booking-state-conflict", "Not possible in this state", 409, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response performanceClosed(PerformanceAlreadyClosedException e) {
        return ProblemResponses.respond(Problem.of("performance-closed", "Performance closed", 409, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response statusConflict(PerformanceStatusConflictException e) {
        return ProblemResponses.respond(Problem.of("performance-status-conflict", "Status change not allowed", 409, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response keyReused(IdempotencyKeyReusedException e) {
        return ProblemResponses.respond(Problem.of("idempotency-key-reused", "Idempotency-Key reused", 422, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response unavailable(DependencyUnavailableException e) {
        // milliseconds: a client retrying a hold in a storm should not wait whole seconds
        return ProblemResponses.respondWithMillis(
                Problem.of("dependency-unavailable", "Temporarily unavailable", 503, e.getMessage()), e.retryAfter());
    }

    @ServerExceptionMapper
    public Response invalidTicket(InvalidTicketCodeException e) {
        return ProblemResponses.respond(Problem.invalid("code", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response ticketVoid(TicketVoidException e) {
        Problem problem = Problem.of("ticket-void", "Ticket void", 410, e.getMessage());
        if (e.bookingStatus() != null) {
            problem = problem.with("bookingStatus", e.bookingStatus());
        }
        if (e.cancelReason() != null) {
            problem = problem.with("cancelReason", e.cancelReason());
        }
        return ProblemResponses.respond(problem);
    }

    @ServerExceptionMapper
    public Response alreadyCheckedIn(AlreadyCheckedInException e) {
        return ProblemResponses.respond(Problem.of("already-checked-in", "Already checked in", 409, e.getMessage())
                .with("checkedInAt", e.checkedInAt()));
    }

    @ServerExceptionMapper
    public Response bookingCheckedIn(BookingCheckedInException e) {
        return ProblemResponses.respond(Problem.of("booking-checked-in", "Booking checked in", 409, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response noBlock(NoBlockFitsException e) {
        return ProblemResponses.respond(Problem.of("no-block-fits", "No block of seats fits", 409, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response cancelInProgress(CancelInProgressException e) {
        return ProblemResponses.respond(Problem.of("cancel-in-progress", "Cancel in progress", 409, e.getMessage()),
                Duration.ofSeconds(1));
    }

    @ServerExceptionMapper
    public Response wrongPerformance(WrongPerformanceException e) {
        return ProblemResponses.respond(Problem.of("wrong-performance", "Ticket for another performance", 409, e.getMessage())
                .with("ticketPerformanceId", e.ticketPerformanceId()));
    }

    @ServerExceptionMapper
    public Response waitlistFirst(WaitlistFirstException e) {
        return ProblemResponses.respond(Problem.of("waitlist-first", "Freed seats go to the waiting list", 409, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response notSoldOut(NotSoldOutException e) {
        return ProblemResponses.respond(Problem.of("not-sold-out", "Seats are free", 409, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response alreadyWaiting(AlreadyWaitingException e) {
        return ProblemResponses.respond(Problem.of("already-waiting", "Already on the waiting list", 409, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response notWaiting(WaitlistEntryNotFoundException e) {
        return ProblemResponses.respond(Problem.of("waitlist-entry-not-found", "Not on the waiting list", 404, e.getMessage()));
    }
}
