package dev.encore.booking.repository;

import dev.encore.booking.domain.IdempotencyKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** idempotency_record: the first answer to each (user, Idempotency-Key). Callers run these in their transaction. */
@ApplicationScoped
public class IdempotencyRecordRepository {

    public record Stored(String requestHash, UUID bookingId, Integer responseStatus, String responseBody) {
    }

    private final EntityManager entityManager;

    IdempotencyRecordRepository(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * Registers the key for the booking this request is about to start, in the booking's own transaction: a second
     * request under the key waits here until that transaction ends. Returns the earlier record when the key was seen.
     */
    @SuppressWarnings("unchecked")
    public Optional<Stored> register(IdempotencyKey key, UUID bookingId) {
        List<Object> inserted = entityManager.createNativeQuery("""
                        INSERT INTO idempotency_record (user_id, idempotency_key, request_hash, booking_id, created_at)
                        VALUES (:user, :key, :hash, :booking, now()) ON CONFLICT DO NOTHING RETURNING 1""")
                .setParameter("user", key.userId()).setParameter("key", key.value()).setParameter("hash", key.requestHash())
                .setParameter("booking", bookingId)
                .getResultList();
        if (!inserted.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = (Object[]) entityManager.createNativeQuery("""
                        SELECT request_hash, booking_id, response_status, response_body FROM idempotency_record
                        WHERE user_id = :user AND idempotency_key = :key""")
                .setParameter("user", key.userId()).setParameter("key", key.value())
                .getSingleResult();
        return Optional.of(new Stored((String) row[0], (UUID) row[1], row[2] == null ? null : ((Number) row[2]).intValue(),
                (String) row[3]));
    }

    /**
     * Stores the first final answer under the key (the key is recorded here too when the attempt that registered it
     * rolled back). Callers let it commit without waiting for the disk (CommitDurability): every answer stored here
     * follows from rows committed durably before it (the booking, or the hold's state), so if a crash loses it, a
     * retry under the key rebuilds the same answer.
     */
    public void storeAnswer(IdempotencyKey key, int status, String body) {
        entityManager.createNativeQuery("""
                        INSERT INTO idempotency_record AS r
                            (user_id, idempotency_key, request_hash, response_status, response_body, created_at)
                        VALUES (:user, :key, :hash, :status, :body, now())
                        ON CONFLICT (user_id, idempotency_key) DO UPDATE
                            SET response_status = EXCLUDED.response_status, response_body = EXCLUDED.response_body
                            WHERE r.response_status IS NULL AND r.request_hash = EXCLUDED.request_hash""")
                .setParameter("user", key.userId()).setParameter("key", key.value()).setParameter("hash", key.requestHash())
                .setParameter("status", status).setParameter("body", body)
                .executeUpdate();
    }
}
