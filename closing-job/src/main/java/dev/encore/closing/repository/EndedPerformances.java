package dev.encore.closing.repository;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The one statement that closes: set-based, a chunk at a time, in id order after the previous chunk (the partial
 * index performance_open_id_idx holds only open rows). SKIP LOCKED lets it pass rows another transaction holds
 * instead of waiting; "ended" is judged by the database clock, {@code ends_at <= now()}, whatever the JVM's zone.
 */
@ApplicationScoped
public class EndedPerformances {

    private static final String CLOSE_CHUNK = """
            UPDATE public.performance SET status = 'CLOSED', closed_at = now()
            WHERE id IN (SELECT id FROM public.performance
                         WHERE status IN ('SCHEDULED', 'ON_SALE') AND ends_at <= now() AND id > ?
                         ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED)
            RETURNING id""";

    /** Closes up to {@code chunkSize} ended performances with ids above {@code afterId}; returns their ids. */
    public List<Long> closeChunk(Connection transaction, long afterId, int chunkSize) throws SQLException {
        try (PreparedStatement update = transaction.prepareStatement(CLOSE_CHUNK)) {
            update.setLong(1, afterId);
            update.setInt(2, chunkSize);
            List<Long> closed = new ArrayList<>(chunkSize);
            try (ResultSet ids = update.executeQuery()) {
                while (ids.next()) {
                    closed.add(ids.getLong(1));
                }
            }
            return closed;
        }
    }
}
