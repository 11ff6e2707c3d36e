package dev.encore.common;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.List;

/**
 * The API's body limit: a JSON body declared (Content-Length) larger than {@link #MAX_BODY_BYTES} is refused with a
 * 400 {@code validation} naming {@code body}, before anything reads it. No encore request needs more. A body larger
 * than {@code quarkus.http.limits.max-body-size} is refused earlier, by {@link BodySizeLimit} (413).
 */
public class RequestSizeLimit {

    /** 64 KiB. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    @ServerRequestFilter(preMatching = true, nonBlocking = true)
    public Response refuseLargeBodies(ContainerRequestContext request) {
        if (request.getLength() > MAX_BODY_BYTES) {
            return ProblemResponses.respond(Problem.invalid("The body is larger than 64 KiB",
                    List.of(new Problem.FieldError("body", "must not exceed " + MAX_BODY_BYTES + " bytes"))));
        }
        return null;
    }
}
