package dev.encore.user.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.time.Instant;

/** A single-use refresh token; only its SHA-256 is stored, so a database leak yields no usable token. */
@Entity
@Table(name = "refresh_token")
public class RefreshToken {

    @Id
    @Column(name = "token_hash", length = 64)
    public String tokenHash;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "family_id")
    public RefreshFamily family;

    @Column(name = "issued_at", nullable = false)
    public Instant issuedAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "spent_at")
    public Instant spentAt;

    public static RefreshToken issue(RefreshFamily family, String tokenHash, Instant expiresAt) {
        RefreshToken token = new RefreshToken();
        token.tokenHash = tokenHash;
        token.family = family;
        token.issuedAt = Instant.now();
        token.expiresAt = expiresAt;
        return token;
    }

    public boolean isSpent() {
        return spentAt != null;
    }

    public boolean isExpired(Instant now) {
        return !expiresAt.isAfter(now);
    }
}
