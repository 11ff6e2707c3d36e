package dev.encore.user.service;

import dev.encore.user.config.JwtConfig;
import dev.encore.user.domain.Role;
import dev.encore.user.domain.UserAccount;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.UUID;
import java.util.stream.Collectors;

@ApplicationScoped
public class AccessTokenIssuer {

    private final JwtConfig config;
    private final SigningKeys keys;

    AccessTokenIssuer(JwtConfig config, SigningKeys keys) {
        this.config = config;
        this.keys = keys;
    }

    /** An RS256 access token for one session; {@code sid} names the refresh family it belongs to. */
    public String issue(UserAccount user, UUID sessionId) {
        Instant now = Instant.now();
        return Jwt.issuer(config.issuer())
                .subject(user.id.toString())
                .upn(user.email)
                .groups(user.roles.stream().map(Role::name).collect(Collectors.toSet()))
                .claim("jti", UUID.randomUUID().toString())
                .claim("sid", sessionId.toString())
                .issuedAt(now)
                .expiresAt(now.plus(config.accessTokenTtl()))
                .jws()
                .keyId(keys.signingKeyId())
                .sign(keys.signingKey());
    }

    public long lifetimeSeconds() {
        return config.accessTokenTtl().toSeconds();
    }
}
