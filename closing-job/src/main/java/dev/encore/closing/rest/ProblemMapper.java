package dev.encore.closing.rest;

import dev.encore.closing.domain.RunAlreadyActiveException;
import dev.encore.closing.domain.RunFailedException;
import dev.encore.common.InvalidParameterException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.sql.SQLException;
import java.util.List;

/** The one place where closing-job's exceptions become problem+json answers. */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response invalidParameter(InvalidParameterException e) {
        return respond(Problem.invalid(e.field() + " " + e.getMessage(), List.of(new Problem.FieldError(e.field(), e.getMessage()))));
    }

    @ServerExceptionMapper
    public Response alreadyActive(RunAlreadyActiveException e) {
        return respond(Problem.of("closing-run-active", "Closing run already active", 409, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response runFailed(RunFailedException e) {
        return Response.fromResponse(respond(Problem.of("closing-run-failed", "Closing run failed", 503,
                e.getMessage() + "; the next run resumes where it stopped"))).header(HttpHeaders.RETRY_AFTER, 5).build();
    }

    @ServerExceptionMapper({SQLException.class, IllegalStateException.class})
    public Response databaseUnavailable(Exception e) {
        LOG.warnf("Closing request failed: %s", e.getMessage());
        return Response.fromResponse(respond(Problem.of("database-unavailable", "Database unavailable", 503,
                "PostgreSQL could not be reached; nothing was changed"))).header(HttpHeaders.RETRY_AFTER, 5).build();
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e) {
        return Response.fromResponse(respond(Problem.of("unauthenticated", "Authentication required", 401,
                "A valid bearer access token is required"))).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(Problem.of("forbidden", "Forbidden", 403, "Your role does not allow this"));
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        return Response.fromResponse(e.getResponse()).entity(Problem.of(status.getReasonPhrase().toLowerCase().replace(' ', '-'),
                status.getReasonPhrase(), status.getStatusCode(), e.getMessage())).type(Problem.MEDIA_TYPE).build();
    }

    static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
