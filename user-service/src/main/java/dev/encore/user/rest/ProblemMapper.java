package dev.encore.user.rest;

import dev.encore.common.Problem;
import dev.encore.common.ProblemResponses;
import dev.encore.common.WarningThrottle;
import dev.encore.user.domain.EmailTakenException;
import dev.encore.user.domain.InvalidCredentialsException;
import dev.encore.user.domain.InvalidRefreshTokenException;
import dev.encore.user.domain.RevocationUnavailableException;
import dev.encore.user.domain.TooManyAttemptsException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.time.Duration;

/**
 * user-service's own failures as problem+json answers; everything else (validation, JSON, 401, 403, 404, 500) is
 * encore-common's {@link dev.encore.common.GenericProblemMapper}.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    // while Redis is down every logout fails the same way: one line per 10 s, with the count
    private static final WarningThrottle LOGOUT_WARNINGS = new WarningThrottle(LOG, Duration.ofSeconds(10));

    @ServerExceptionMapper
    public Response emailTaken(EmailTakenException e) {
        return ProblemResponses.respond(Problem.of("email-taken", "Email already registered", 409, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response wrongCredentials(InvalidCredentialsException e) {
        return ProblemResponses.unauthorized(Problem.of("invalid-credentials", "Login failed", 401, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response invalidRefreshToken(InvalidRefreshTokenException e) {
        return ProblemResponses.unauthorized(Problem.of("invalid-refresh-token", "Refresh refused", 401, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response tooManyAttempts(TooManyAttemptsException e) {
        return ProblemResponses.respond(Problem.of("too-many-attempts", "Too many attempts", 429, e.getMessage()), e.retryAfter());
    }

    @ServerExceptionMapper
    public Response revocationUnavailable(RevocationUnavailableException e) {
        LOGOUT_WARNINGS.warnf("Logout refused: %s", e.getCause() == null ? e.getMessage() : e.getCause());
        return ProblemResponses.respond(Problem.of("revocation-unavailable", "Logout not possible now", 503, e.getMessage()),
                Duration.ofSeconds(1));
    }
}
