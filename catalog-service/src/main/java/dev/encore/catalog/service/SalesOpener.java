package dev.encore.catalog.service;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;

/** Opens sales on time, so that reads only ever filter on the stored status. */
@ApplicationScoped
public class SalesOpener {

    private static final Logger LOG = Logger.getLogger(SalesOpener.class);
    private static final int LOGGED_IDS = 20;

    private final PerformanceService performances;

    SalesOpener(PerformanceService performances) {
        this.performances = performances;
    }

    // the UPDATE is idempotent, so replicas running it at once only repeat each other's no-op
    @Scheduled(every = "{encore.catalog.sales-opener-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void openDueSales() {
        List<Long> opened = performances.openDueSales();
        if (!opened.isEmpty()) {
            // one line however many opened at once: the first ids name them, the count says how many
            LOG.infof("Sales opened for %d performances: %s%s", opened.size(), opened.subList(0, Math.min(LOGGED_IDS,
                    opened.size())), opened.size() > LOGGED_IDS ? ", ..." : "");
        }
    }
}
