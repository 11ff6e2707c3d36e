package dev.encore.closing.rest;

import dev.encore.closing.domain.DatabaseUnavailableException;
import dev.encore.closing.domain.RunAlreadyActiveException;
import dev.encore.closing.domain.RunFailedException;
import dev.encore.common.Problem;
import dev.encore.common.ProblemResponses;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.time.Duration;

/**
 * closing-job's own failures as problem+json answers; everything else (validation, 401, 403, 404, 500) is
 * encore-common's {@link dev.encore.common.GenericProblemMapper}.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    @ServerExceptionMapper
    public Response alreadyActive(RunAlreadyActiveException e) {
        return ProblemResponses.respond(Problem.of("closing-run-active", "Closing run already active", 409, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response runFailed(RunFailedException e) {
        return ProblemResponses.respond(Problem.of("closing-run-failed", "Closing run failed", 503,
                e.getMessage() + "; the next run resumes where it stopped"), RETRY_AFTER);
    }

    @ServerExceptionMapper
    public Response databaseUnavailable(DatabaseUnavailableException e) {
        LOG.warnf("Closing request failed: %s", e.getMessage());
        return ProblemResponses.respond(Problem.of("database-unavailable", "Database unavailable", 503,
                "PostgreSQL could not be reached; nothing was changed"), RETRY_AFTER);
    }
}
