package dev.encore.booking.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.encore.booking.domain.BookingView;
import dev.encore.booking.domain.HoldExpiredException;
import dev.encore.booking.domain.HoldNotFoundException;
import dev.encore.booking.domain.IdempotencyKeyReusedException;
import dev.encore.booking.domain.PaymentDeclinedException;
import dev.encore.booking.repository.IdempotencyRecordRepository;
import dev.encore.booking.service.BookingService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * POST /api/bookings under an Idempotency-Key: the first final answer (201, 402, 404, 409) is stored and replayed
 * byte for byte to the same request under the same key; a different request under it gets 422. A 503 is not
 * final: the same key may try again, and resumes the booking the first attempt started, charging at most once.
 */
@ApplicationScoped
public class IdempotentConfirmation {

    private final BookingService bookings;
    private final IdempotencyRecordRepository records;
    private final ProblemMapper problems;
    private final ObjectMapper json;

    IdempotentConfirmation(BookingService bookings, IdempotencyRecordRepository records, ObjectMapper json) {
        this.bookings = bookings;
        this.records = records;
        this.problems = new ProblemMapper();
        this.json = json;
    }

    public Response confirm(UUID userId, String key, UUID holdId) {
        String requestHash = sha256("POST /api/bookings " + holdId);
        Optional<IdempotencyRecordRepository.Stored> earlier =
                QuarkusTransaction.requiringNew().call(() -> records.register(userId, key, requestHash));
        if (earlier.isPresent()) {
            IdempotencyRecordRepository.Stored stored = earlier.get();
            if (!stored.requestHash().equals(requestHash)) {
                throw new IdempotencyKeyReusedException();
            }
            if (stored.responseStatus() != null) {
                return Response.status(stored.responseStatus()).entity(stored.responseBody())
                        .type(stored.responseStatus() == 201 ? MediaType.APPLICATION_JSON : Problem.MEDIA_TYPE).build();
            }
            if (stored.bookingId() != null) {
                return finalAnswer(userId, key, () -> bookings.resume(stored.bookingId()));
            }
        }
        return finalAnswer(userId, key, () -> bookings.confirm(userId, holdId, key));
    }

    private Response finalAnswer(UUID userId, String key, Supplier<BookingView> attempt) {
        Response answer;
        try {
            BookingView booking = attempt.get();
            answer = Response.status(201).entity(toJson(booking)).type(MediaType.APPLICATION_JSON).build();
        } catch (PaymentDeclinedException e) {
            answer = problems.declined(e);
        } catch (HoldNotFoundException e) {
            answer = problems.holdNotFound(e);
        } catch (HoldExpiredException e) {
            answer = problems.holdExpired(e);
        }
        String body = answer.getEntity() instanceof String text ? text : toJson(answer.getEntity());
        int status = answer.getStatus();
        QuarkusTransaction.requiringNew().run(() -> records.storeResponse(userId, key, status, body));
        return Response.status(status).entity(body).type(answer.getMediaType()).build();
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
