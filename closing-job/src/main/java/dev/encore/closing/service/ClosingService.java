package dev.encore.closing.service;

import dev.encore.closing.client.PerformanceChangeAnnouncer;
import dev.encore.closing.config.ClosingConfig;
import dev.encore.closing.domain.ClosingRun;
import dev.encore.closing.domain.DatabaseUnavailableException;
import dev.encore.closing.domain.RunAlreadyActiveException;
import dev.encore.closing.domain.RunFailedException;
import dev.encore.closing.domain.RunOutcome;
import dev.encore.closing.domain.RunTrigger;
import dev.encore.closing.repository.ClosingRunRepository;
import dev.encore.closing.repository.EndedPerformances;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One closing run: takes the cluster-wide advisory lock, closes ended performances chunk by chunk (each chunk
 * its own transaction, recorded in the run row of the same transaction), announces each chunk, and records the
 * outcome. A crash leaves every performance either open or closed; the next run picks up what is left.
 */
@ApplicationScoped
public class ClosingService {

    private static final Logger LOG = Logger.getLogger(ClosingService.class);

    private final AgroalDataSource dataSource;
    private final EndedPerformances endedPerformances;
    private final ClosingRunRepository runs;
    private final PerformanceChangeAnnouncer announcer;
    private final ClosingConfig config;
    private final Counter closedCounter;
    private final Timer chunkTimer;
    private final Timer runTimer;
    private final AtomicLong lastSuccessEpochSeconds = new AtomicLong();

    ClosingService(AgroalDataSource dataSource, EndedPerformances endedPerformances, ClosingRunRepository runs,
                   PerformanceChangeAnnouncer announcer, ClosingConfig config, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.endedPerformances = endedPerformances;
        this.runs = runs;
        this.announcer = announcer;
        this.config = config;
        this.closedCounter = registry.counter("encore.closing.performances.closed");
        this.chunkTimer = Timer.builder("encore.closing.chunk.duration").publishPercentileHistogram().register(registry);
        this.runTimer = Timer.builder("encore.closing.run.duration").register(registry);
        registry.gauge("encore.closing.last.success", lastSuccessEpochSeconds);
    }

    /**
     * Marks the runs a crashed process left RUNNING, when no run is active anywhere, and starts
     * {@code encore_closing_last_success} from the latest success recorded, so that a restarted replica does not
     * report "never" to the alert that watches it.
     */
    void onStart(@Observes StartupEvent event) {
        try (Connection lockHolder = dataSource.getConnection()) {
            runs.lastSuccess().ifPresent(finished -> lastSuccessEpochSeconds.set(finished.getEpochSecond()));
            if (tryLock(lockHolder)) {
                try {
                    int abandoned = runs.abandonUnfinished(lockHolder);
                    if (abandoned > 0) {
                        LOG.warnf("Marked %d unfinished closing run(s) ABANDONED; the next run completes their work", abandoned);
                    }
                } finally {
                    unlock(lockHolder);
                }
            }
        } catch (SQLException e) {
            LOG.warnf("Could not check for unfinished closing runs at start-up: %s", e.getMessage());
        }
    }

    /**
     * @throws RunAlreadyActiveException when another run holds the lock, here or on another replica
     * @throws RunFailedException when the run started but could not finish; it is recorded FAILED
     * @throws DatabaseUnavailableException when PostgreSQL could not be reached to start the run
     */
    public ClosingRun run(RunTrigger trigger) {
        // the lock lives as long as this connection: if the process dies, PostgreSQL releases it
        try (Connection lockHolder = dataSource.getConnection()) {
            if (!tryLock(lockHolder)) {
                throw new RunAlreadyActiveException();
            }
            try {
                runs.abandonUnfinished(lockHolder);
                return runLocked(trigger);
            } finally {
                unlockQuietly(lockHolder);
            }
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("the closing run", e);
        }
    }

    /**
     * The latest {@code limit} runs, newest first.
     *
     * @throws DatabaseUnavailableException when PostgreSQL cannot answer
     */
    public List<ClosingRun> recentRuns(int limit) {
        try {
            return runs.recent(limit);
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("the recent runs", e);
        }
    }

    private ClosingRun runLocked(RunTrigger trigger) throws SQLException {
        long runId = runs.start(trigger);
        Timer.Sample runSample = Timer.start();
        try {
            closeEverythingEnded(runId);
            runs.finish(runId, RunOutcome.SUCCEEDED, null);
            lastSuccessEpochSeconds.set(System.currentTimeMillis() / 1000);
        } catch (SQLException | RuntimeException e) {
            recordFailure(runId, e);
            throw new RunFailedException(runId, e);
        } finally {
            runSample.stop(runTimer);
        }
        ClosingRun finished = runs.find(runId).orElseThrow();
        LOG.infof("Closing run %d (%s): %d performances closed in %d chunks", runId, trigger, finished.closed(), finished.chunks());
        return finished;
    }

    private void closeEverythingEnded(long runId) throws SQLException {
        long afterId = 0;
        boolean restartedFromTheStart = false;
        while (true) {
            List<Long> closed = closeOneChunk(runId, afterId);
            if (!closed.isEmpty()) {
                afterId = closed.get(closed.size() - 1);
                announce(closed);
                continue;
            }
            // one more pass from the start picks up rows that were locked (skipped) the first time round
            if (afterId == 0 || restartedFromTheStart) {
                return;
            }
            afterId = 0;
            restartedFromTheStart = true;
        }
    }

    private List<Long> closeOneChunk(long runId, long afterId) throws SQLException {
        Timer.Sample sample = Timer.start();
        try (Connection transaction = dataSource.getConnection()) {
            transaction.setAutoCommit(false);
            try {
                List<Long> closed = endedPerformances.closeChunk(transaction, afterId, config.chunkSize());
                if (!closed.isEmpty()) {
                    runs.recordChunk(transaction, runId, closed.size());
                }
                transaction.commit();
                closedCounter.increment(closed.size());
                return closed;
            } catch (SQLException | RuntimeException e) {
                transaction.rollback();
                throw e;
            }
        } finally {
            sample.stop(chunkTimer);
        }
    }

    // the closing is committed; a cache that misses the news serves it stale for at most catalog's TTL
    private void announce(List<Long> closed) {
        try {
            announcer.closed(closed);
        } catch (RuntimeException e) {
            LOG.warnf("Closed %d performances but could not announce them: %s", closed.size(), e.toString());
        }
    }

    private void recordFailure(long runId, Exception failure) {
        LOG.errorf(failure, "Closing run %d failed; the next run resumes where it stopped", runId);
        try {
            runs.finish(runId, RunOutcome.FAILED, String.valueOf(failure.getMessage()));
        } catch (SQLException e) {
            LOG.warnf("Run %d could not be marked FAILED (%s); the next run will mark it ABANDONED", runId, e.getMessage());
        }
    }

    private boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            lock.setLong(1, config.advisoryLockKey());
            try (ResultSet result = lock.executeQuery()) {
                result.next();
                return result.getBoolean(1);
            }
        }
    }

    private void unlock(Connection connection) throws SQLException {
        try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            unlock.setLong(1, config.advisoryLockKey());
            unlock.execute();
        }
    }

    private void unlockQuietly(Connection connection) {
        try {
            unlock(connection);
        } catch (SQLException e) {
            // a dead connection has released the lock already
            LOG.debugf("Advisory unlock failed: %s", e.getMessage());
        }
    }
}
