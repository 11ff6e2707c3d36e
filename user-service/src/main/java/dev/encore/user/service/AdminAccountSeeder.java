package dev.encore.user.service;

import dev.encore.user.config.AdminAccountConfig;
import dev.encore.user.domain.EmailTakenException;
import dev.encore.user.domain.Role;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.EnumSet;

/** Creates the administrator on start-up when it does not exist yet; an existing one is left untouched. */
@ApplicationScoped
public class AdminAccountSeeder {

    private static final Logger LOG = Logger.getLogger(AdminAccountSeeder.class);

    void onStart(@Observes StartupEvent event, AdminAccountConfig config, AccountService accounts) {
        if (config.password().isEmpty()) {
            LOG.warnf("ENCORE_ADMIN_PASSWORD is not set: no administrator account is created");
            return;
        }
        if (accounts.exists(config.email())) {
            return;
        }
        try {
            accounts.create(config.email(), config.password().get(), "Administrator", EnumSet.of(Role.USER, Role.ADMIN));
            LOG.infof("Created administrator %s", config.email());
        } catch (EmailTakenException e) {
            // another replica created it at the same moment
        }
    }
}
