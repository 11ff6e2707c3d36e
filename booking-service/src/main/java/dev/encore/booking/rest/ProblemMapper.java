package dev.encore.booking.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.encore.booking.domain.BookingInProgressException;
import dev.encore.booking.domain.BookingNotFoundException;
import dev.encore.booking.domain.BookingStateConflictException;
import dev.encore.booking.domain.ChargeRefundedException;
import dev.encore.booking.domain.HoldAlreadyBookedException;
import dev.encore.booking.domain.DependencyUnavailableException;
import dev.encore.booking.domain.HoldExpiredException;
import dev.encore.booking.domain.IdempotencyKeyReusedException;
import dev.encore.booking.domain.PaymentDeclinedException;
import dev.encore.booking.domain.PerformanceAlreadyClosedException;
import dev.encore.booking.domain.HoldNotFoundException;
import dev.encore.booking.domain.InvalidSeatRequestException;
import dev.encore.booking.domain.PerformanceNotFoundException;
import dev.encore.booking.domain.PerformanceStatusConflictException;
import dev.encore.booking.domain.QueuePassRequiredException;
import dev.encore.booking.domain.SalesClosedException;
import dev.encore.booking.domain.SeatLimitExceededException;
import dev.encore.booking.domain.SeatsUnavailableException;
import dev.encore.common.InvalidParameterException;
import dev.encore.common.RefusedValueException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** The one place where booking-service's exceptions become problem+json answers. */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldName(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(err -> err.field() + " " + err.message()).collect(Collectors.joining("; "));
        return respond(Problem.invalid(detail, errors));
    }

    @ServerExceptionMapper
    public Response unreadableField(MismatchedInputException e) {
        String field = fieldPath(e);
        String message = switch (e) {
            case UnrecognizedPropertyException unknown -> "is not a known field";
            case RefusedValueException refused -> refused.getOriginalMessage();
            default -> "has the wrong type";
        };
        return respond(Problem.invalid(field + " " + message, List.of(new Problem.FieldError(field, message))));
    }

    @ServerExceptionMapper
    public Response invalidParameter(InvalidParameterException e) {
        return respond(Problem.invalid(e.field() + " " + e.getMessage(), List.of(new Problem.FieldError(e.field(), e.getMessage()))));
    }

    @ServerExceptionMapper
    public Response malformed(JsonProcessingException e) {
        return respond(Problem.invalid("The body is not valid JSON", List.of(new Problem.FieldError("body", "is not valid JSON"))));
    }

    @ServerExceptionMapper
    public Response invalidSeats(InvalidSeatRequestException e) {
        String message = e.seatIds().isEmpty() ? e.getMessage() : e.getMessage() + ": " + String.join(", ", e.seatIds());
        return respond(Problem.invalid(e.field() + " " + message, List.of(new Problem.FieldError(e.field(), message))));
    }

    @ServerExceptionMapper
    public Response seatsUnavailable(SeatsUnavailableException e) {
        return respond(Problem.seatsUnavailable(e.getMessage(), e.unavailableSeatIds()));
    }

    @ServerExceptionMapper
    public Response salesClosed(SalesClosedException e) {
        return respond(Problem.of("sales-closed", "Sales closed", 409, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response queuePassRequired(QueuePassRequiredException e) {
        return respond(Problem.of("queue-pass-required", "Waiting room pass required", 403, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response seatLimit(SeatLimitExceededException e) {
        return respond(Problem.of("seat-limit-reached", "Seat limit reached", 409, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response performanceNotFound(PerformanceNotFoundException e) {
        return respond(Problem.of("performance-not-found", "Performance not found", 404, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response holdNotFound(HoldNotFoundException e) {
        return respond(Problem.of("hold-not-found", "Hold not found", 404, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response declined(PaymentDeclinedException e) {
        return respond(Problem.of("payment-declined", "Payment declined", 402, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response holdExpired(HoldExpiredException e) {
        return respond(Problem.of("hold-expired", "Hold expired or lost", 409, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response holdBooked(HoldAlreadyBookedException e) {
        return respond(Problem.of("hold-booked", "Hold already paid for", 409, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response chargeRefunded(ChargeRefundedException e) {
        return respond(Problem.of("charge-refunded", "Charged and refunded", 409, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response bookingNotFound(BookingNotFoundException e) {
        return respond(Problem.of("booking-not-found", "Booking not found", 404, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response inProgress(BookingInProgressException e) {
        return Response.fromResponse(respond(Problem.of("booking-in-progress", "Booking in progress", 409, e.getMessage())))
                .header(HttpHeaders.RETRY_AFTER, 1).build();
    }

    @ServerExceptionMapper
    public Response bookingState(BookingStateConflictException e) {
        return respond(Problem.of("booking-state-conflict", "Not possible in this state", 409, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response performanceClosed(PerformanceAlreadyClosedException e) {
        return respond(Problem.of("performance-closed", "Performance closed", 409, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response statusConflict(PerformanceStatusConflictException e) {
        return respond(Problem.of("performance-status-conflict", "Status change not allowed", 409, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response keyReused(IdempotencyKeyReusedException e) {
        return respond(Problem.of("idempotency-key-reused", "Idempotency-Key reused", 422, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response unavailable(DependencyUnavailableException e) {
        // milliseconds: a client retrying a hold in a storm should not wait whole seconds
        return Response.fromResponse(respond(Problem.of("dependency-unavailable", "Temporarily unavailable", 503, e.getMessage())))
                .header(HttpHeaders.RETRY_AFTER, Math.max(1, (e.retryAfter().toMillis() + 999) / 1000))
                .header("Retry-After-Ms", e.retryAfter().toMillis()).build();
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e) {
        return unauthorized(Problem.of("unauthenticated", "Authentication required", 401,
                "A valid bearer access token is required"));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(Problem.of("forbidden", "Forbidden", 403, "Your role does not allow this"));
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        // the JSON reader wraps some parse failures; answer them like the unwrapped ones
        if (e.getCause() instanceof MismatchedInputException mismatch) {
            return unreadableField(mismatch);
        }
        if (e.getCause() instanceof JsonProcessingException parse) {
            return malformed(parse);
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        return Response.fromResponse(e.getResponse()).entity(Problem.of(slug(status), status.getReasonPhrase(),
                        status.getStatusCode(), status.getStatusCode() == 404 ? "No such resource" : e.getMessage()))
                .type(Problem.MEDIA_TYPE).build();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("Unhandled error", e);
        return respond(Problem.of("internal", "Internal error", 500, "The request failed; it has been logged"));
    }

    static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static Response unauthorized(Problem problem) {
        return Response.fromResponse(respond(problem)).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    private static String slug(Response.StatusType status) {
        return status.getReasonPhrase().toLowerCase().replace(' ', '-');
    }

    // "create.request.sections[0].rows" -> "sections[0].rows": the method and parameter mean nothing to a client
    private static String fieldName(ConstraintViolation<?> violation) {
        List<String> names = new ArrayList<>();
        String parameter = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.isInIterable() && !names.isEmpty()) {
                Object position = node.getIndex() != null ? node.getIndex() : node.getKey();
                names.set(names.size() - 1, names.get(names.size() - 1) + "[" + position + "]");
            }
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.getName();
            } else if (node.getKind() == ElementKind.PROPERTY) {
                names.add(node.getName());
            }
        }
        if (names.isEmpty()) {
            return parameter == null ? "body" : parameterName(parameter);
        }
        return String.join(".", names);
    }

    private static String parameterName(String parameter) {
        return switch (parameter) {
            case "request" -> "body";
            case "idempotencyKey" -> "Idempotency-Key";
            default -> parameter;
        };
    }

    private static String fieldPath(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return path.isEmpty() ? "body" : path;
    }
}
