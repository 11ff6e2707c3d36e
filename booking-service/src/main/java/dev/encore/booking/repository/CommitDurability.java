package dev.encore.booking.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;


/**
 * Lets the current transaction commit without waiting for its write-ahead log to reach the disk. Only for writes whose
 * loss in a database crash is repaired from rows that were committed durably before them: a crash then costs at most
 * the last few hundred milliseconds of such writes, never a seat or a charge. Each use says what repairs it.
 */
@ApplicationScoped
public class CommitDurability {

    private final EntityManager entityManager;

    CommitDurability(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    private static final String RELAX = "SELECT set_config('synchronous_commit', 'off', true)";

    public void relaxForThisTransaction() {
        entityManager.createNativeQuery(RELAX).getSingleResult();
    }
}
