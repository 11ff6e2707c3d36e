package dev.encore.booking.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** RFC 9457 problem details; {@code errors} names each invalid field, {@code unavailableSeatIds} the seats taken. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors,
                      List<String> unavailableSeatIds) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_PREFIX = "urn:encore:problem:";

    public record FieldError(String field, String message) {
    }

    static Problem of(String slug, String title, int status, String detail) {
        return new Problem(TYPE_PREFIX + slug, title, status, detail, null, null);
    }

    static Problem invalid(String detail, List<FieldError> errors) {
        return new Problem(TYPE_PREFIX + "validation", "Invalid request", 400, detail, errors, null);
    }

    static Problem seatsUnavailable(String detail, List<String> seatIds) {
        return new Problem(TYPE_PREFIX + "seats-unavailable", "Seats unavailable", 409, detail, null, seatIds);
    }
}
