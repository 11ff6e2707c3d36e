package dev.encore.user.repository;

import dev.encore.user.domain.RefreshFamily;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class RefreshFamilyRepository implements PanacheRepositoryBase<RefreshFamily, UUID> {

    /** The families revoked after {@code since}, oldest revocation first. */
    public List<RefreshFamily> revokedSince(Instant since) {
        return list("revokedAt > ?1", Sort.ascending("revokedAt"), since);
    }
}
