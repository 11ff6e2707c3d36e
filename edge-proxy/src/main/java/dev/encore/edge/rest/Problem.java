package dev.encore.edge.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;

/** RFC 9457 problem details, as every encore service answers them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_PREFIX = "urn:encore:problem:";

    public static Problem of(String slug, String title, int status, String detail) {
        return new Problem(TYPE_PREFIX + slug, title, status, detail);
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
