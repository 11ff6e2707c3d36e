package dev.encore.booking.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.encore.booking.config.BookingConfig;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.smallrye.jwt.runtime.auth.MpJwtValidator;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Duration;
import java.time.Instant;

/**
 * Remembers access tokens whose signature has already been verified, until they expire. In a hold storm every fan
 * sends many requests with the same token, and an RSA verification on a worker thread per request costs more than
 * the hold itself; a remembered token is accepted on the event loop. Revocation is not this service's business: the
 * edge refuses revoked tokens before they get here.
 */
@ApplicationScoped
public class VerifiedTokenCache implements IdentityProvider<TokenAuthenticationRequest> {

    private final MpJwtValidator verifier;
    private final Cache<String, JsonWebToken> verified;

    VerifiedTokenCache(MpJwtValidator verifier, BookingConfig config) {
        this.verifier = verifier;
        this.verified = Caffeine.newBuilder()
                .maximumSize(config.verifiedTokenCacheSize())
                .expireAfter(Expiry.<String, JsonWebToken>creating((token, jwt) ->
                        Duration.ofSeconds(Math.max(0, jwt.getExpirationTime() - Instant.now().getEpochSecond()))))
                .build();
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    // ahead of MpJwtValidator, which verifies what this cache has not seen
    @Override
    public int priority() {
        return IdentityProvider.super.priority() + 1;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        String token = request.getToken().getToken();
        // Caffeine never hands out an entry past its expiry, which is the token's own
        JsonWebToken known = verified.getIfPresent(token);
        if (known != null) {
            return Uni.createFrom().item(identity(known, request));
        }
        return verifier.authenticate(request, context).invoke(identity -> {
            if (identity != null && identity.getPrincipal() instanceof JsonWebToken jwt) {
                verified.put(token, jwt);
            }
        });
    }

    // the same identity MpJwtValidator builds, with this request's credential and routing context
    private static SecurityIdentity identity(JsonWebToken jwt, TokenAuthenticationRequest request) {
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                .setPrincipal(jwt)
                .addCredential(request.getToken())
                .addRoles(jwt.getGroups())
                .addAttribute("quarkus.user", jwt);
        RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (routing != null) {
            identity.addAttribute(RoutingContext.class.getName(), routing);
        }
        return identity.build();
    }
}
