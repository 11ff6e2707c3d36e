package dev.encore.edge.service;

import dev.encore.common.InvalidParameterException;
import dev.encore.common.WarningThrottle;
import dev.encore.edge.config.EdgeConfig;
import dev.encore.edge.routing.Route;
import dev.encore.edge.routing.RouteTable;
import dev.encore.edge.security.AccessTokens;
import dev.encore.edge.security.Caller;
import dev.encore.edge.security.InvalidTokenException;
import dev.encore.edge.security.RevocationList;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;

/**
 * Decides whether a request may pass the edge: a valid token where the route needs one, not revoked, within its
 * rate limit (both checked through {@link RateLimiter}, which asks Redis at most once per
 * {@code encore.edge.local-check-ttl} per token and bucket). Without Redis a token cannot be checked against the revocation list, so token routes fail closed
 * (503); public routes fail open, because their rate limit only protects the upstream, which still applies its
 * own (user-service throttles logins per account).
 */
@Singleton
public class Admission {

    private static final Logger LOG = Logger.getLogger(Admission.class);
    private static final String BEARER = "Bearer ";

    private final AccessTokens tokens;
    private final RateLimiter rateLimiter;
    private final long logoutWindowMillis;
    // a login storm during a Redis outage would otherwise write a line per request
    private final WarningThrottle unlimitedWarnings = new WarningThrottle(LOG, Duration.ofSeconds(10));

    Admission(AccessTokens tokens, RateLimiter rateLimiter, EdgeConfig config) {
        this.tokens = tokens;
        this.rateLimiter = rateLimiter;
        // as long as a logout can take to be answered, and the time a check is relied on after that
        this.logoutWindowMillis = config.upstreams().get(RouteTable.USERS).timeout().plus(config.localCheckTtl()).toMillis();
    }

    /**
     * The verified caller on token routes, empty on public ones. The future fails with {@link InvalidTokenException}
     * (no, invalid or revoked token), {@link RateLimitedException}, or {@link EdgeUnavailableException} when a token
     * route cannot be checked against Redis.
     */
    public Future<Optional<Caller>> admit(Route route, HttpMethod method, String authorization, String clientAddress) {
        if (!route.needsToken(method)) {
            if (route.rateLimit().isPresent() && clientAddress == null) {
                // a trusted proxy's X-Forwarded-For that names no IP address: no bucket of its own to count it in
                return Future.failedFuture(new InvalidParameterException("X-Forwarded-For", "must name the client's IP address"));
            }
            return route.rateLimit()
                    .map(limit -> rateLimiter.take(limit, clientAddress)
                            .recover(failure -> {
                                if (!isRedisFailure(failure)) {
                                    return Future.failedFuture(failure);
                                }
                                unlimitedWarnings.warnf("Rate limits not applied, Redis unavailable: public requests pass unlimited"
                                        + " (this one: %s): %s", limit, failure);
                                return Future.<Void>succeededFuture();
                            }))
                    .orElseGet(Future::succeededFuture)
                    .map(Optional.empty());
        }
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Future.failedFuture(new InvalidTokenException("This call needs a Bearer access token"));
        }
        return tokens.verify(authorization.substring(BEARER.length()).trim())
                .compose(caller -> {
                    if (route.endsSession()) {
                        rateLimiter.endSession(caller.sessionId(), logoutWindowMillis);
                    }
                    RateLimiter.Veto revocations = new RateLimiter.Veto(caller.tokenId(), caller.sessionId(),
                            RevocationList.keysOf(caller));
                    return rateLimiter.takeUnlessVetoed(route.rateLimit(), caller.userId(), Optional.of(revocations))
                            .map(verdict -> {
                                if (verdict == RateLimiter.Verdict.VETOED) {
                                    throw new InvalidTokenException("The access token has been revoked");
                                }
                                return Optional.of(caller);
                            });
                })
                .recover(failure -> Future.failedFuture(isRedisFailure(failure)
                        ? new EdgeUnavailableException("Token revocations cannot be checked right now", 1, failure)
                        : failure));
    }

    private static boolean isRedisFailure(Throwable failure) {
        return !(failure instanceof InvalidTokenException) && !(failure instanceof RateLimitedException);
    }
}
