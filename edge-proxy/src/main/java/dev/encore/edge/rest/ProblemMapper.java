package dev.encore.edge.rest;

import dev.encore.common.Problem;
import dev.encore.edge.client.PerformanceNotFoundException;
import dev.encore.edge.service.EdgeUnavailableException;
import dev.encore.edge.service.NotInQueueException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The edge's own REST resources (the waiting room) answer their failures the way the proxied routes do; JAX-RS'
 * own refusals are encore-common's {@link dev.encore.common.GenericProblemMapper}.
 */
public class ProblemMapper {

    @ServerExceptionMapper({NotInQueueException.class, PerformanceNotFoundException.class, EdgeUnavailableException.class})
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
}
