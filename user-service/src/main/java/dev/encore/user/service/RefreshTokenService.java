package dev.encore.user.service;

import dev.encore.user.config.JwtConfig;
import dev.encore.user.domain.RefreshFamily;
import dev.encore.user.domain.RefreshToken;
import dev.encore.user.domain.UserAccount;
import dev.encore.user.repository.RefreshFamilyRepository;
import dev.encore.user.repository.RefreshTokenRepository;
import dev.encore.user.repository.UserAccountRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/** Refresh tokens: opaque, stored hashed, single use, rotated within a family (one family per login). */
@ApplicationScoped
public class RefreshTokenService {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final RefreshTokenRepository tokens;
    private final RefreshFamilyRepository families;
    private final UserAccountRepository users;
    private final JwtConfig config;

    RefreshTokenService(RefreshTokenRepository tokens, RefreshFamilyRepository families, UserAccountRepository users,
                        JwtConfig config) {
        this.tokens = tokens;
        this.families = families;
        this.users = users;
        this.config = config;
    }

    public record Session(UserAccount user, UUID familyId, String refreshToken) {
    }

    /** What a refresh attempt came to: a rotated session, or a refusal that may have revoked a family. */
    public record Rotation(Optional<Session> session, Optional<RevokedFamily> revokedFamily) {
    }

    /** A family revoked because one of its spent tokens came back, and whose user it was. */
    public record RevokedFamily(UUID id, UUID userId) {
    }

    @Transactional
    public Session startFamily(UUID userId) {
        RefreshFamily family = RefreshFamily.start(userId);
        families.persist(family);
        return new Session(users.findById(userId), family.id, issueInto(family));
    }

    /**
     * Spends the token and issues its successor. A spent token presented again means it was copied: the
     * whole family is revoked, and that revocation must commit even though the caller is refused.
     */
    @Transactional
    public Rotation rotate(String presentedToken) {
        Optional<RefreshToken> found = tokens.findForRotation(hash(presentedToken));
        if (found.isEmpty()) {
            return new Rotation(Optional.empty(), Optional.empty());
        }
        RefreshToken token = found.get();
        RefreshFamily family = token.family;
        if (family.isRevoked() || token.isExpired(Instant.now())) {
            return new Rotation(Optional.empty(), Optional.empty());
        }
        if (token.isSpent()) {
            family.revoke("refresh-token-reuse");
            return new Rotation(Optional.empty(), Optional.of(new RevokedFamily(family.id, family.userId)));
        }
        token.spentAt = Instant.now();
        Session session = new Session(users.findById(family.userId), family.id, issueInto(family));
        return new Rotation(Optional.of(session), Optional.empty());
    }

    @Transactional
    public void revokeFamily(UUID familyId, String reason) {
        families.findByIdOptional(familyId).ifPresent(family -> family.revoke(reason));
    }

    private String issueInto(RefreshFamily family) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        tokens.persist(RefreshToken.issue(family, hash(token), Instant.now().plus(config.refreshTokenTtl())));
        return token;
    }

    private static String hash(String token) {
        return HexFormat.of().formatHex(Sha256.of(token));
    }
}
