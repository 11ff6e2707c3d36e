package dev.encore.booking.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;

/** The key that signs ticket codes. */
@ConfigMapping(prefix = "encore.tickets")
public interface TicketConfig {

    /**
     * Holds {@code signing-key.pem} (PKCS#8, an EC P-256 key) and {@code jwks.json} (every public key still accepted);
     * see encore-common's KeyDirectory. Every replica must have the same directory.
     */
    Path keyDirectory();

    /** Generate a key pair when the directory is empty: dev and test only, never in production. */
    @WithDefault("false")
    boolean generateMissingKeys();
}
