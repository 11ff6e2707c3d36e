package dev.encore.edge.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.encore.edge.config.EdgeConfig;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Duration;
import java.time.Instant;

/**
 * Verifies access tokens against user-service's JWKS (fetched again when a token names an unknown {@code kid}) and
 * remembers the verified ones until they expire: in an on-sale every fan sends many requests with one token, and
 * an RSA check per request would cost more than forwarding it. Revocation is checked on every request, elsewhere.
 */
@Singleton
public class AccessTokens {

    private final JWTParser parser;
    private final Vertx vertx;
    private final Cache<String, Caller> verified;

    AccessTokens(JWTParser parser, Vertx vertx, EdgeConfig config) {
        this.parser = parser;
        this.vertx = vertx;
        this.verified = Caffeine.newBuilder()
                .maximumSize(config.verifiedTokenCacheSize())
                .expireAfter(Expiry.<String, Caller>creating((token, caller) ->
                        Duration.between(Instant.now(), caller.expiresAt())))
                .build();
    }

    /**
     * The caller {@code token} speaks for; the future fails with {@link InvalidTokenException} for a token that is
     * not valid (signature, issuer, expiry, missing claims). A token not seen before is checked on a worker thread,
     * since parsing may fetch the JWKS over HTTP; the future then completes on the caller's context again.
     */
    public Future<Caller> verify(String token) {
        Caller known = verified.getIfPresent(token);
        if (known != null) {
            return Future.succeededFuture(known);
        }
        // not ordered: token checks of different requests need not wait for each other
        return vertx.executeBlocking(() -> parse(token), false)
                .onSuccess(caller -> verified.put(token, caller));
    }

    private Caller parse(String token) {
        try {
            JsonWebToken jwt = parser.parse(token);
            String tokenId = jwt.getTokenID();
            String sessionId = jwt.getClaim("sid");
            if (jwt.getSubject() == null || tokenId == null || sessionId == null) {
                throw new InvalidTokenException("The access token lacks its subject, id or session");
            }
            return new Caller(jwt.getSubject(), tokenId, sessionId, Instant.ofEpochSecond(jwt.getExpirationTime()));
        } catch (ParseException e) {
            throw new InvalidTokenException("The access token is not valid");
        }
    }
}
