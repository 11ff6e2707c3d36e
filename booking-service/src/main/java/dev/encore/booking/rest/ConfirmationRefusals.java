package dev.encore.booking.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.encore.booking.domain.ChargeRefundedException;
import dev.encore.booking.domain.HoldAlreadyBookedException;
import dev.encore.booking.domain.HoldExpiredException;
import dev.encore.booking.domain.HoldNotFoundException;
import dev.encore.booking.domain.PaymentDeclinedException;
import dev.encore.booking.domain.SalesClosedException;
import dev.encore.booking.service.BookingConfirmation;
import dev.encore.booking.service.RefusalFormat;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

/** A confirm's final refusals as the same problem+json ProblemMapper answers them with, to be stored and replayed. */
@ApplicationScoped
public class ConfirmationRefusals implements RefusalFormat {

    private final ProblemMapper problems = new ProblemMapper();
    private final ObjectMapper json;

    ConfirmationRefusals(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public BookingConfirmation.Answer answer(RuntimeException refusal) {
        Response problem = switch (refusal) {
            case PaymentDeclinedException e -> problems.declined(e);
            case HoldNotFoundException e -> problems.holdNotFound(e);
            case HoldExpiredException e -> problems.holdExpired(e);
            case SalesClosedException e -> problems.salesClosed(e);
            case HoldAlreadyBookedException e -> problems.holdBooked(e);
            case ChargeRefundedException e -> problems.chargeRefunded(e);
            default -> throw new IllegalArgumentException("not a final refusal of a confirm: " + refusal, refusal);
        };
        try {
            return new BookingConfirmation.Answer(problem.getStatus(), json.writeValueAsString(problem.getEntity()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
