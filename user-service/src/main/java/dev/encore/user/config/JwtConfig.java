package dev.encore.user.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;

@ConfigMapping(prefix = "encore.jwt")
public interface JwtConfig {

    /** The {@code iss} of every token; services verify it. */
    @WithDefault("urn:encore:user-service")
    String issuer();

    @WithDefault("PT5M")
    Duration accessTokenTtl();

    @WithDefault("P14D")
    Duration refreshTokenTtl();

    /** Holds {@code signing-key.pem} (PKCS#8) and {@code jwks.json} (every public key still accepted). */
    Path keyDirectory();

    /** Generate a key pair when the directory is empty: dev and test only, never in production. */
    @WithDefault("false")
    boolean generateMissingKeys();
}
