package dev.encore.edge.rest;

import dev.encore.common.InvalidParameterException;
import dev.encore.edge.client.PerformanceNotFoundException;
import dev.encore.edge.service.EdgeUnavailableException;
import dev.encore.edge.service.NotInQueueException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The edge's own REST resources (the waiting room) answer their failures the way the proxied routes do. */
public class ProblemMapper {

    @ServerExceptionMapper({NotInQueueException.class, PerformanceNotFoundException.class, EdgeUnavailableException.class,
            InvalidParameterException.class})
    public Response refused(RuntimeException failure) {
        EdgeFailures.Refusal refusal = EdgeFailures.refusal(failure);
        Response.ResponseBuilder response = Response.status(refusal.problem().status())
                .type(Problem.MEDIA_TYPE)
                .entity(refusal.problem());
        if (refusal.retryAfterSeconds() > 0) {
            response.header("Retry-After", refusal.retryAfterSeconds());
        }
        return response.build();
    }

    /** JAX-RS' own refusals (e.g. 404 for a performance id that is not a number) in problem+json too. */
    @ServerExceptionMapper
    public Response http(WebApplicationException failure) {
        Response.StatusType status = failure.getResponse().getStatusInfo();
        return Response.status(status.getStatusCode()).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(status.getReasonPhrase().toLowerCase().replace(' ', '-'), status.getReasonPhrase(),
                        status.getStatusCode(), status.getStatusCode() == 404 ? "No such resource" : failure.getMessage()))
                .build();
    }
}
