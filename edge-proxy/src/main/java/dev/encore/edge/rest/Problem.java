package dev.encore.edge.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;

import java.util.List;

/** RFC 9457 problem details, as every encore service answers them; {@code errors} names each invalid field. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_PREFIX = "urn:encore:problem:";

    public record FieldError(String field, String message) {
    }

    public static Problem of(String slug, String title, int status, String detail) {
        return new Problem(TYPE_PREFIX + slug, title, status, detail, null);
    }

    /** A 400 naming the one input that is wrong: a query parameter, a header or a body field. */
    public static Problem invalid(String field, String message) {
        return new Problem(TYPE_PREFIX + "validation", "Invalid request", 400, field + " " + message,
                List.of(new FieldError(field, message)));
    }

    /** Answers with this problem straight from the Vert.x layer, where the edge does its work. */
    public void send(HttpServerResponse response, long retryAfterSeconds) {
        if (response.ended() || response.headWritten()) {
            return;
        }
        response.setStatusCode(status).putHeader("Content-Type", MEDIA_TYPE);
        if (retryAfterSeconds > 0) {
            response.putHeader("Retry-After", String.valueOf(retryAfterSeconds));
        }
        response.end(Json.encode(this));
    }
}
