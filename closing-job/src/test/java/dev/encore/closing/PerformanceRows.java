package dev.encore.closing;

import dev.encore.testsupport.PostgresServer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Performances written straight into encore_catalog as its owner would, tagged so a test counts only its own. */
public final class PerformanceRows {

    private final PostgresServer postgres;

    public PerformanceRows(PostgresServer postgres) {
        this.postgres = postgres;
    }

    /** {@code count} performances whose end is {@code endsAt}, an SQL expression of the series number g. */
    public void insert(String tag, int count, String endsAt) throws SQLException {
        try (Connection connection = postgres.superuserConnection("encore_catalog"); Statement statement = connection.createStatement()) {
            statement.execute("""
                    INSERT INTO venue (name, sections, seat_count, created_at)
                    SELECT 'Test hall', '[{"name": "A", "rows": 1, "seatsPerRow": 1}]'::jsonb, 1, now()
                    WHERE NOT EXISTS (SELECT 1 FROM venue)""");
            statement.execute("""
                    INSERT INTO performance (venue_id, title, starts_at, ends_at, sales_open_at, sales_close_at, prices,
                                             currency, queue_enabled, status, created_at)
                    SELECT (SELECT min(id) FROM venue), '%s', (%s) - interval '2 hours', %s, now() - interval '30 days',
                           (%s) - interval '2 hours', '{"A": 10}'::jsonb, 'EUR', false, CASE WHEN g %% 2 = 0 THEN 'ON_SALE' ELSE 'SCHEDULED' END, now()
                    FROM generate_series(1, %d) g""".formatted(tag, endsAt, endsAt, endsAt, count));
        }
    }

    public long count(String where) throws SQLException {
        try (Connection connection = postgres.superuserConnection("encore_catalog");
             PreparedStatement select = connection.prepareStatement("SELECT count(*) FROM performance WHERE " + where);
             ResultSet result = select.executeQuery()) {
            result.next();
            return result.getLong(1);
        }
    }

    /** Ended performances still open, whoever's they are: what the next run must close. */
    public long endedStillOpen() throws SQLException {
        return count("status IN ('SCHEDULED', 'ON_SALE') AND ends_at <= now()");
    }
}
