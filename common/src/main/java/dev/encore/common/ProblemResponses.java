package dev.encore.common;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.time.Duration;

/** JAX-RS answers carrying a {@link Problem}, for the generic and the services' own exception mappers. */
public final class ProblemResponses {

    /** The header that tells the wait in milliseconds, beside {@code Retry-After} (whole seconds, RFC 9110 10.2.3). */
    public static final String RETRY_AFTER_MS = "Retry-After-Ms";

    private ProblemResponses() {
    }

    /** The problem as the answer, its status as the status. */
    public static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    /** The problem with {@code Retry-After} in whole seconds, rounded up, at least 1. */
    public static Response respond(Problem problem, Duration retryAfter) {
        return Response.fromResponse(respond(problem)).header(HttpHeaders.RETRY_AFTER, retryAfterSeconds(retryAfter)).build();
    }

    /** The problem with {@code Retry-After} (seconds, rounded up) and {@link #RETRY_AFTER_MS} (milliseconds). */
    public static Response respondWithMillis(Problem problem, Duration retryAfter) {
        return Response.fromResponse(respond(problem, retryAfter)).header(RETRY_AFTER_MS, retryAfter.toMillis()).build();
    }

    /** 401 with {@code WWW-Authenticate: Bearer} (RFC 6750 section 3). */
    public static Response unauthorized(Problem problem) {
        return Response.fromResponse(respond(problem)).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    /** Whole seconds for {@code Retry-After}: rounded up, at least 1. */
    public static long retryAfterSeconds(Duration retryAfter) {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
