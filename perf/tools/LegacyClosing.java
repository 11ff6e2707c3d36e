import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The approach closing-job replaces, for comparison only: chunks of 10 entities, each read whole and saved one by
 * one, as a JPA batch job does (SELECT the entities, then one full-row UPDATE per entity, one commit per chunk).
 * It issues the statements Hibernate would, without Hibernate's own CPU cost, so the speed-up it shows is a floor.
 * Run: java -cp postgresql.jar LegacyClosing.java <jdbc-url> <user> <password>
 */
public class LegacyClosing {

    record Performance(long id, long venueId, String title, java.sql.Timestamp startsAt, java.sql.Timestamp endsAt,
                       java.sql.Timestamp salesOpenAt, String prices, String currency, boolean queueEnabled,
                       java.sql.Timestamp createdAt) {
    }

    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        long closed = 0;
        try (Connection connection = DriverManager.getConnection(args[0], args[1], args[2])) {
            connection.setAutoCommit(false);
            while (true) {
                List<Performance> chunk = new ArrayList<>();
                try (PreparedStatement select = connection.prepareStatement("""
                        SELECT id, venue_id, title, starts_at, ends_at, sales_open_at, prices::text, currency, queue_enabled,
                               created_at FROM performance
                        WHERE status IN ('SCHEDULED', 'ON_SALE') AND ends_at <= now() ORDER BY id LIMIT 10""");
                     ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        chunk.add(new Performance(rows.getLong(1), rows.getLong(2), rows.getString(3), rows.getTimestamp(4),
                                rows.getTimestamp(5), rows.getTimestamp(6), rows.getString(7), rows.getString(8),
                                rows.getBoolean(9), rows.getTimestamp(10)));
                    }
                }
                if (chunk.isEmpty()) {
                    break;
                }
                for (Performance p : chunk) {
                    try (PreparedStatement save = connection.prepareStatement("""
                            UPDATE performance SET venue_id = ?, title = ?, starts_at = ?, ends_at = ?, sales_open_at = ?,
                                   prices = ?::jsonb, currency = ?, queue_enabled = ?, status = 'CLOSED', closed_at = now(),
                                   created_at = ? WHERE id = ?""")) {
                        save.setLong(1, p.venueId());
                        save.setString(2, p.title());
                        save.setTimestamp(3, p.startsAt());
                        save.setTimestamp(4, p.endsAt());
                        save.setTimestamp(5, p.salesOpenAt());
                        save.setString(6, p.prices());
                        save.setString(7, p.currency());
                        save.setBoolean(8, p.queueEnabled());
                        save.setTimestamp(9, p.createdAt());
                        save.setLong(10, p.id());
                        save.executeUpdate();
                    }
                }
                connection.commit();
                closed += chunk.size();
            }
        }
        System.out.printf("legacy closed=%d seconds=%.2f%n", closed, (System.nanoTime() - started) / 1e9);
    }
}
