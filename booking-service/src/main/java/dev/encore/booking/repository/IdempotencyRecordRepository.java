package dev.encore.booking.repository;

import dev.encore.booking.domain.IdempotencyKey;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

/** idempotency_record: the first answer to each (user, Idempotency-Key). Callers run these in their transaction. */
@ApplicationScoped
public class IdempotencyRecordRepository {

    public record Stored(String requestHash, UUID bookingId, Integer responseStatus, String responseBody) {
    }

    /**
     * Registers the key for the booking this request is about to start, in the booking's own transaction (plain
     * JDBC, see JdbcTransactions): a second request under the key waits here until that transaction ends. Returns the
     * earlier record when the key was seen.
     */
    public Optional<Stored> register(Connection connection, IdempotencyKey key, UUID bookingId) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO idempotency_record (user_id, idempotency_key, request_hash, booking_id, created_at)
                VALUES (?, ?, ?, ?, now()) ON CONFLICT DO NOTHING""")) {
            insert.setObject(1, key.userId());
            insert.setString(2, key.value());
            insert.setString(3, key.requestHash());
            insert.setObject(4, bookingId);
            if (insert.executeUpdate() == 1) {
                return Optional.empty();
            }
        }
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT request_hash, booking_id, response_status, response_body FROM idempotency_record
                WHERE user_id = ? AND idempotency_key = ?""")) {
            select.setObject(1, key.userId());
            select.setString(2, key.value());
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return Optional.of(new Stored(row.getString(1), row.getObject(2, UUID.class), row.getObject(3, Integer.class),
                        row.getString(4)));
            }
        }
    }

    /**
     * Stores the first final answer under the key (the key is recorded here too when the attempt that registered it
     * rolled back), in the caller's transaction, which may commit without waiting for the disk
     * (JdbcTransactions.relaxCommit): every answer stored here follows from rows committed durably before it (the
     * booking, or the hold's state), so if a crash loses it, a retry under the key rebuilds the same answer.
     */
    public void storeAnswer(Connection connection, IdempotencyKey key, int status, String body) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO idempotency_record AS r
                    (user_id, idempotency_key, request_hash, response_status, response_body, created_at)
                VALUES (?, ?, ?, ?, ?, now())
                ON CONFLICT (user_id, idempotency_key) DO UPDATE
                    SET response_status = EXCLUDED.response_status, response_body = EXCLUDED.response_body
                    WHERE r.response_status IS NULL AND r.request_hash = EXCLUDED.request_hash""")) {
            upsert.setObject(1, key.userId());
            upsert.setString(2, key.value());
            upsert.setString(3, key.requestHash());
            upsert.setInt(4, status);
            upsert.setString(5, body);
            upsert.executeUpdate();
        }
    }
}
