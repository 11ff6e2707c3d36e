package dev.encore.booking.repository;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * outbox_message (V10): the transactional outbox (Richardson, "Pattern: Transactional outbox"). A message is added in
 * the caller's transaction, so it exists exactly when the change it reports committed; the relay claims due messages
 * by moving their next attempt past a lease (FOR UPDATE SKIP LOCKED: two replicas never claim the same one) and
 * records each delivery's outcome.
 */
@ApplicationScoped
public class OutboxRepository {

    /** A claimed message: {@code attempts} counts this attempt; {@code createdAt} is UTC. */
    public record Message(UUID id, String eventType, String payload, Instant createdAt, int attempts) {
    }

    private final JdbcTransactions transactions;

    OutboxRepository(JdbcTransactions transactions) {
        this.transactions = transactions;
    }

    /** Adds a message, due at once, in the caller's transaction; returns its id (the webhook's {@code webhook-id}). */
    public UUID add(Connection connection, String eventType, String payload) throws SQLException {
        UUID id = UUID.randomUUID();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO outbox_message "
                + "(id, event_type, payload, created_at, next_attempt_at) VALUES (?, ?, ?, now(), now())")) {
            insert.setObject(1, id);
            insert.setString(2, eventType);
            insert.setString(3, payload);
            insert.executeUpdate();
        }
        return id;
    }

    /**
     * Claims up to {@code limit} due messages, oldest first, for {@code lease}: their next attempt moves that far ahead,
     * so a relay that dies while sending leaves them to another one after the lease.
     */
    public List<Message> claimDue(int limit, Duration lease) {
        return transactions.run("Claiming outbox messages", connection -> {
            List<Message> claimed = new ArrayList<>();
            try (PreparedStatement claim = connection.prepareStatement("""
                    UPDATE outbox_message m SET next_attempt_at = statement_timestamp() + make_interval(secs => ?),
                                                attempts = m.attempts + 1
                    FROM (SELECT id FROM outbox_message
                          WHERE delivered_at IS NULL AND given_up_at IS NULL AND next_attempt_at <= statement_timestamp()
                          ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED) due
                    WHERE m.id = due.id
                    RETURNING m.id, m.event_type, m.payload, m.created_at, m.attempts""")) {
                claim.setDouble(1, lease.toMillis() / 1000.0);
                claim.setInt(2, limit);
                try (ResultSet rows = claim.executeQuery()) {
                    while (rows.next()) {
                        claimed.add(new Message(rows.getObject(1, UUID.class), rows.getString(2), rows.getString(3),
                                rows.getTimestamp(4).toInstant(), rows.getInt(5)));
                    }
                }
            }
            return claimed;
        });
    }

    /** Records the receiver's 2xx. */
    public void delivered(UUID id) {
        transactions.run("Recording a delivery", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE outbox_message SET delivered_at = now(), last_error = NULL WHERE id = ?")) {
                update.setObject(1, id);
                return update.executeUpdate();
            }
        });
    }

    /** Records a failed attempt: tried again after {@code retryIn}, or given up when that is null. */
    public void failed(UUID id, String error, Duration retryIn) {
        transactions.run("Recording a failed delivery", connection -> {
            try (PreparedStatement update = connection.prepareStatement(retryIn == null
                    ? "UPDATE outbox_message SET given_up_at = now(), last_error = ? WHERE id = ?"
                    : "UPDATE outbox_message SET next_attempt_at = statement_timestamp() + make_interval(secs => ?), "
                    + "last_error = ? WHERE id = ?")) {
                int i = 1;
                if (retryIn != null) {
                    update.setDouble(i++, retryIn.toMillis() / 1000.0);
                }
                update.setString(i++, error.length() > 500 ? error.substring(0, 500) : error);
                update.setObject(i, id);
                return update.executeUpdate();
            }
        });
    }

    /** Deletes delivered and given-up messages older than {@code retention}, and undelivered ones older than that too. */
    public int purge(Duration retention) {
        return transactions.run("Purging the outbox", connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM outbox_message WHERE created_at < statement_timestamp() - make_interval(secs => ?)")) {
                delete.setDouble(1, retention.toSeconds());
                return delete.executeUpdate();
            }
        });
    }

    /** How many messages wait to be delivered (a gauge: a growing figure means the receiver is away). */
    public long pending() {
        return transactions.run("Counting the outbox", connection -> {
            try (PreparedStatement count = connection.prepareStatement(
                    "SELECT count(*) FROM outbox_message WHERE delivered_at IS NULL AND given_up_at IS NULL");
                 ResultSet row = count.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        });
    }
}
