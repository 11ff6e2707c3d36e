package dev.encore.common;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.ConfigMapping;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.TreeSet;

/**
 * The settings a service has no safe default for in production: its addresses and credentials. Each service lists
 * them in {@code application.properties} as {@code %prod.encore.production.required.<VARIABLE>=${VARIABLE}}.
 * Quarkus validates an injected config mapping before anything starts, and a value that does not expand fails that
 * validation with SmallRye Config's {@code SRCFG00011: Could not expand value <VARIABLE>}: a container missing any
 * stops at once, naming one (the first of the mapping), instead of reaching for the localhost fallback development
 * uses (an optional Quarkus setting such as a datasource URL would otherwise only be reported as "not set", by its
 * property name).
 */
@ConfigMapping(prefix = "encore.production")
public interface ProductionSettings {

    /** Variable name to its value; empty outside the prod profile. */
    Map<String, String> required();

    /** Injects the mapping, which is what registers it for validation at start-up; logs the names it was given. */
    @ApplicationScoped
    class Check {

        private static final Logger LOG = Logger.getLogger(ProductionSettings.class);

        void onStart(@Observes StartupEvent event, ProductionSettings settings) {
            if (!settings.required().isEmpty()) {
                // names only: the values are addresses and credentials
                LOG.infof("Production settings given: %s", new TreeSet<>(settings.required().keySet()));
            }
        }
    }
}
