package dev.encore.booking.repository;

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
    private final CommitDurability durability;

    IdempotencyRecordRepository(EntityManager entityManager, CommitDurability durability) {
        this.entityManager = entityManager;
        this.durability = durability;
    }

    /** Registers the key for this request; returns the earlier record when the key was seen before. */
    @SuppressWarnings("unchecked")
    public Optional<Stored> register(UUID userId, String key, String requestHash) {
        List<Object> inserted = entityManager.createNativeQuery("""
                        INSERT INTO idempotency_record (user_id, idempotency_key, request_hash, created_at)
                        VALUES (:user, :key, :hash, now()) ON CONFLICT DO NOTHING RETURNING 1""")
                .setParameter("user", userId).setParameter("key", key).setParameter("hash", requestHash)
                .getResultList();
        if (!inserted.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = (Object[]) entityManager.createNativeQuery("""
                        SELECT request_hash, booking_id, response_status, response_body FROM idempotency_record
                        WHERE user_id = :user AND idempotency_key = :key""")
                .setParameter("user", userId).setParameter("key", key)
                .getSingleResult();
        return Optional.of(new Stored((String) row[0], (UUID) row[1], row[2] == null ? null : ((Number) row[2]).intValue(),
                (String) row[3]));
    }

    public void linkBooking(UUID userId, String key, UUID bookingId) {
        entityManager.createNativeQuery("""
                        UPDATE idempotency_record SET booking_id = :booking WHERE user_id = :user AND idempotency_key = :key""")
                .setParameter("booking", bookingId).setParameter("user", userId).setParameter("key", key)
                .executeUpdate();
    }

    /**
     * Stores the final answer, committed without waiting for the disk: every answer stored here also follows from rows
     * committed durably before it (the booking, or the hold's state), so if a crash loses it, a retry under the key
     * rebuilds the same answer.
     */
    public void storeResponse(UUID userId, String key, int status, String body) {
        durability.relaxForThisTransaction();
        entityManager.createNativeQuery("""
                        UPDATE idempotency_record SET response_status = :status, response_body = :body
                        WHERE user_id = :user AND idempotency_key = :key AND response_status IS NULL""")
                .setParameter("status", status).setParameter("body", body).setParameter("user", userId).setParameter("key", key)
                .executeUpdate();
    }
}
