package dev.encore.booking.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.encore.booking.domain.ChargeRefundedException;
import dev.encore.booking.domain.HoldAlreadyBookedException;
import dev.encore.booking.domain.HoldExpiredException;
import dev.encore.booking.domain.HoldNotFoundException;
import dev.encore.booking.domain.IdempotencyKey;
import dev.encore.booking.domain.IdempotencyKeyReusedException;
import dev.encore.booking.domain.PaymentDeclinedException;
import dev.encore.booking.domain.SalesClosedException;
import dev.encore.booking.repository.IdempotencyRecordRepository;
import dev.encore.booking.service.BookingService;
import dev.encore.common.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * POST /api/bookings under an Idempotency-Key: the first final answer (201, 402, 404, 409 hold expired, hold booked,
 * charge refunded or sales closed) is stored and replayed byte for byte to the same request under the same key; a different request under
 * it gets 422. A 503 is not
 * final: the same key may try again, and resumes the booking the first attempt started, charging at most once.
 */
@ApplicationScoped
public class IdempotentConfirmation {

    private final BookingService bookings;
    private final ProblemMapper problems;
    private final ObjectMapper json;

    IdempotentConfirmation(BookingService bookings, ObjectMapper json) {
        this.bookings = bookings;
        this.problems = new ProblemMapper();
        this.json = json;
    }

    public Response confirm(UUID userId, String key, UUID holdId) {
        IdempotencyKey idempotencyKey = new IdempotencyKey(userId, key, sha256("POST /api/bookings " + holdId));
        try {
            return switch (bookings.confirm(holdId, idempotencyKey)) {
                case BookingService.Confirmation.Booked booked -> created(booked.answer());
                case BookingService.Confirmation.KeyUsed used -> earlierAnswer(used.earlier(), idempotencyKey);
            };
        } catch (PaymentDeclinedException e) {
            return recorded(idempotencyKey, problems.declined(e));
        } catch (HoldNotFoundException e) {
            return recorded(idempotencyKey, problems.holdNotFound(e));
        } catch (HoldExpiredException e) {
            return recorded(idempotencyKey, problems.holdExpired(e));
        } catch (SalesClosedException e) {
            return recorded(idempotencyKey, problems.salesClosed(e));
        } catch (HoldAlreadyBookedException e) {
            return recorded(idempotencyKey, problems.holdBooked(e));
        } catch (ChargeRefundedException e) {
            return recorded(idempotencyKey, problems.chargeRefunded(e));
        }
    }

    private Response earlierAnswer(IdempotencyRecordRepository.Stored earlier, IdempotencyKey key) {
        if (!earlier.requestHash().equals(key.requestHash())) {
            throw new IdempotencyKeyReusedException();
        }
        if (earlier.responseStatus() != null) {
            return Response.status(earlier.responseStatus()).entity(earlier.responseBody())
                    .type(earlier.responseStatus() == 201 ? MediaType.APPLICATION_JSON : Problem.MEDIA_TYPE).build();
        }
        return created(bookings.resume(earlier.bookingId(), key).answer());
    }

    private static Response created(String answer) {
        return Response.status(201).entity(answer).type(MediaType.APPLICATION_JSON).build();
    }

    private Response recorded(IdempotencyKey key, Response problem) {
        String body;
        try {
            body = json.writeValueAsString(problem.getEntity());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        bookings.recordAnswer(key, problem.getStatus(), body);
        return Response.status(problem.getStatus()).entity(body).type(problem.getMediaType()).build();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
