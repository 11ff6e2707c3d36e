package dev.encore.user.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

@ConfigMapping(prefix = "encore.admin")
public interface AdminAccountConfig {

    @WithDefault("admin@encore.local")
    String email();

    /** From ENCORE_ADMIN_PASSWORD; without it no administrator is created. */
    Optional<String> password();
}
