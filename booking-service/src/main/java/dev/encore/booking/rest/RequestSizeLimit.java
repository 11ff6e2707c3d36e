package dev.encore.booking.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.List;

/**
 * Refuses declared bodies over 64 KiB with a 400 before anything reads them. Chunked bodies without a length are
 * cut off by quarkus.http.limits.max-body-size instead (413).
 */
public class RequestSizeLimit {

    static final int MAX_BODY_BYTES = 64 * 1024;

    @ServerRequestFilter(preMatching = true, nonBlocking = true)
    public Response refuseLargeBodies(ContainerRequestContext request) {
        if (request.getLength() > MAX_BODY_BYTES) {
            return ProblemMapper.respond(Problem.invalid("The body is larger than 64 KiB",
                    List.of(new Problem.FieldError("body", "must not exceed 65536 bytes"))));
        }
        return null;
    }
}
