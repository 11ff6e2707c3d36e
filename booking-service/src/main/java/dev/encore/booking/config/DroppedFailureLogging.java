package dev.encore.booking.config;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * A failure Mutiny cannot deliver belongs to a request whose caller hung up first (in an on-sale, fans closing the tab
 * while their hold is decided). An answer nobody waits for, such as "seats taken", is not an error of this service:
 * it is logged at debug; anything else still shows as a warning.
 */
@ApplicationScoped
class DroppedFailureLogging {

    private static final Logger LOG = Logger.getLogger(DroppedFailureLogging.class);
    private static final String DOMAIN_PACKAGE = "dev.encore.booking.domain.";

    void install(@Observes StartupEvent event) {
        Infrastructure.setDroppedExceptionHandler(failure -> {
            if (failure.getClass().getName().startsWith(DOMAIN_PACKAGE)) {
                LOG.debugf("An answer for a caller who had left: %s", failure);
            } else {
                LOG.warnf(failure, "A failure after its caller had left");
            }
        });
    }
}
