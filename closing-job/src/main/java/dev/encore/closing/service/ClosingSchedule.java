package dev.encore.closing.service;

import dev.encore.closing.domain.RunAlreadyActiveException;
import dev.encore.closing.domain.RunFailedException;
import dev.encore.closing.domain.RunTrigger;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

@ApplicationScoped
public class ClosingSchedule {

    private static final Logger LOG = Logger.getLogger(ClosingSchedule.class);

    private final ClosingService closing;

    ClosingSchedule(ClosingService closing) {
        this.closing = closing;
    }

    // SKIP covers this JVM only; the advisory lock inside run() covers every replica
    @Scheduled(identity = "closing", cron = "{encore.closing.cron}", timeZone = "{encore.closing.zone}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void closeEndedPerformances() {
        try {
            closing.run(RunTrigger.SCHEDULED);
        } catch (RunAlreadyActiveException e) {
            LOG.info("Scheduled closing skipped: a run is already active elsewhere");
        } catch (RunFailedException e) {
            LOG.warnf("Scheduled closing run %d failed; the next one resumes", e.runId());
        } catch (IllegalStateException e) {
            LOG.warnf("Scheduled closing not started: %s", e.getMessage());
        }
    }
}
