package dev.encore.closing.repository;

import dev.encore.closing.domain.ClosingRun;
import dev.encore.closing.domain.RunOutcome;
import dev.encore.closing.domain.RunTrigger;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The run table, closing.closing_run. Progress is written inside each chunk's transaction, so it never lies. */
@ApplicationScoped
public class ClosingRunRepository {

    private final AgroalDataSource dataSource;

    ClosingRunRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public long start(RunTrigger trigger) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO closing.closing_run (trigger, started_at, outcome)
                     VALUES (?, now(), 'RUNNING') RETURNING id""")) {
            insert.setString(1, trigger.name());
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    public void recordChunk(Connection chunkTransaction, long runId, int closedInChunk) throws SQLException {
        try (PreparedStatement update = chunkTransaction.prepareStatement(
                "UPDATE closing.closing_run SET closed = closed + ?, chunks = chunks + 1 WHERE id = ?")) {
            update.setInt(1, closedInChunk);
            update.setLong(2, runId);
            update.executeUpdate();
        }
    }

    public void finish(long runId, RunOutcome outcome, String error) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE closing.closing_run SET outcome = ?, error = ?, finished_at = now() WHERE id = ?")) {
            update.setString(1, outcome.name());
            update.setString(2, error);
            update.setLong(3, runId);
            update.executeUpdate();
        }
    }

    /** Only called while holding the advisory lock: a RUNNING row then belongs to a process that died. */
    public int abandonUnfinished(Connection lockHolder) throws SQLException {
        try (PreparedStatement update = lockHolder.prepareStatement("""
                UPDATE closing.closing_run SET outcome = 'ABANDONED', finished_at = now(),
                       error = 'the process running it stopped before it finished'
                WHERE outcome = 'RUNNING'""")) {
            return update.executeUpdate();
        }
    }

    /** When the latest SUCCEEDED run finished, by any replica; empty before the first. */
    public Optional<Instant> lastSuccess() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT max(finished_at) FROM closing.closing_run WHERE outcome = 'SUCCEEDED'");
             ResultSet row = select.executeQuery()) {
            row.next();
            return Optional.ofNullable(row.getTimestamp(1)).map(Timestamp::toInstant);
        }
    }

    public Optional<ClosingRun> find(long runId) throws SQLException {
        List<ClosingRun> found = query("SELECT * FROM closing.closing_run WHERE id = ?", runId);
        return found.stream().findFirst();
    }

    public List<ClosingRun> recent(int limit) throws SQLException {
        return query("SELECT * FROM closing.closing_run ORDER BY started_at DESC, id DESC LIMIT ?", limit);
    }

    private List<ClosingRun> query(String sql, long parameter) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
            select.setLong(1, parameter);
            List<ClosingRun> runs = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Timestamp finished = rows.getTimestamp("finished_at");
                    runs.add(new ClosingRun(rows.getLong("id"), RunTrigger.valueOf(rows.getString("trigger")),
                            rows.getTimestamp("started_at").toInstant(), finished == null ? null : finished.toInstant(),
                            rows.getLong("closed"), rows.getInt("chunks"), RunOutcome.valueOf(rows.getString("outcome")),
                            rows.getString("error")));
                }
            }
            return runs;
        }
    }
}
