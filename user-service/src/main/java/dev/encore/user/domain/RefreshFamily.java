package dev.encore.user.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * One login session: every refresh token rotated from one login. Its id is the {@code sid} claim of the
 * access tokens it issues, so revoking the family revokes those too.
 */
@Entity
@Table(name = "refresh_family")
public class RefreshFamily {

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "revoked_reason", length = 32)
    public String revokedReason;

    public static RefreshFamily start(UUID userId) {
        RefreshFamily family = new RefreshFamily();
        family.id = UUID.randomUUID();
        family.userId = userId;
        family.createdAt = Instant.now();
        return family;
    }

    public boolean isRevoked() {
        return revokedAt != null;
    }

    public void revoke(String reason) {
        if (revokedAt == null) {
            revokedAt = Instant.now();
            revokedReason = reason;
        }
    }
}
