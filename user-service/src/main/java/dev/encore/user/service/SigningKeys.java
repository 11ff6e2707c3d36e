package dev.encore.user.service;

import dev.encore.common.KeyDirectory;
import dev.encore.user.config.JwtConfig;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.PrivateKey;

/**
 * The RS256 key that signs access tokens and the public keys that verify them, from {@code encore.jwt.key-directory}
 * ({@link KeyDirectory}: {@code signing-key.pem} and {@code jwks.json}, with its rotation steps).
 */
@Startup
@ApplicationScoped
public class SigningKeys {

    private final JwtConfig config;
    private KeyDirectory.Keys keys;

    SigningKeys(JwtConfig config) {
        this.config = config;
    }

    @PostConstruct
    void load() {
        keys = KeyDirectory.load(config.keyDirectory(), KeyDirectory.Algorithm.RS256, config.generateMissingKeys(),
                "encore.jwt.key-directory; see user-service/README.md");
    }

    public PrivateKey signingKey() {
        return keys.signingKey();
    }

    public String signingKeyId() {
        return keys.signingKeyId();
    }

    /** The JWKS document, public parts only. */
    public String publicJwks() {
        return keys.publicJwks();
    }
}
