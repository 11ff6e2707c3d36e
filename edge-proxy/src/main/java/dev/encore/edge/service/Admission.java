package dev.encore.edge.service;

import dev.encore.edge.routing.Route;
import dev.encore.edge.security.AccessTokens;
import dev.encore.edge.security.Caller;
import dev.encore.edge.security.InvalidTokenException;
import dev.encore.edge.security.RevocationList;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * Decides whether a request may pass the edge: a valid token where the route needs one, not revoked, within its
 * rate limit. Without Redis a token cannot be checked against the revocation list, so token routes fail closed
 * (503); public routes fail open, because their rate limit only protects the upstream, which still applies its
 * own (user-service throttles logins per account).
 */
@Singleton
public class Admission {

    private static final Logger LOG = Logger.getLogger(Admission.class);
    private static final String BEARER = "Bearer ";

    private final AccessTokens tokens;
    private final RateLimiter rateLimiter;

    Admission(AccessTokens tokens, RateLimiter rateLimiter) {
        this.tokens = tokens;
        this.rateLimiter = rateLimiter;
    }

    /**
     * The verified caller on token routes, empty on public ones. The future fails with {@link InvalidTokenException}
     * (no, invalid or revoked token), {@link RateLimitedException}, or {@link EdgeUnavailableException} when a token
     * route cannot be checked against Redis.
     */
    public Future<Optional<Caller>> admit(Route route, HttpMethod method, String authorization, String clientAddress) {
        if (!route.needsToken(method)) {
            return route.rateLimit()
                    .map(limit -> rateLimiter.take(limit, clientAddress)
                            .recover(failure -> {
                                if (!isRedisFailure(failure)) {
                                    return Future.failedFuture(failure);
                                }
                                LOG.warnf("Rate limit %s not applied, Redis unavailable: %s", limit, failure.toString());
                                return Future.<Void>succeededFuture();
                            }))
                    .orElseGet(Future::succeededFuture)
                    .map(Optional.empty());
        }
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Future.failedFuture(new InvalidTokenException("This call needs a Bearer access token"));
        }
        return tokens.verify(authorization.substring(BEARER.length()).trim())
                .compose(caller -> rateLimiter.takeUnlessVetoed(route.rateLimit(), caller.userId(), RevocationList.keysOf(caller))
                        .map(verdict -> {
                            if (verdict == RateLimiter.Verdict.VETOED) {
                                throw new InvalidTokenException("The access token has been revoked");
                            }
                            return Optional.of(caller);
                        }))
                .recover(failure -> Future.failedFuture(isRedisFailure(failure)
                        ? new EdgeUnavailableException("Token revocations cannot be checked right now", 1, failure)
                        : failure));
    }

    private static boolean isRedisFailure(Throwable failure) {
        return !(failure instanceof InvalidTokenException) && !(failure instanceof RateLimitedException);
    }
}
