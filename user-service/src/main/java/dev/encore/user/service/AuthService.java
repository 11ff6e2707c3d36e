package dev.encore.user.service;

import dev.encore.user.domain.EmailAddress;
import dev.encore.user.domain.InvalidCredentialsException;
import dev.encore.user.domain.InvalidRefreshTokenException;
import dev.encore.user.domain.RevocationUnavailableException;
import dev.encore.user.domain.UserAccount;
import dev.encore.user.repository.UserAccountRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class AuthService {

    private static final Logger LOG = Logger.getLogger(AuthService.class);

    private final UserAccountRepository users;
    private final PasswordHasher passwords;
    private final LoginThrottle throttle;
    private final RefreshTokenService refreshTokens;
    private final AccessTokenIssuer accessTokens;
    private final RevocationList revocations;
    private final MeterRegistry registry;

    AuthService(UserAccountRepository users, PasswordHasher passwords, LoginThrottle throttle,
                RefreshTokenService refreshTokens, AccessTokenIssuer accessTokens, RevocationList revocations,
                MeterRegistry registry) {
        this.users = users;
        this.passwords = passwords;
        this.throttle = throttle;
        this.refreshTokens = refreshTokens;
        this.accessTokens = accessTokens;
        this.revocations = revocations;
        this.registry = registry;
    }

    public record TokenPair(String accessToken, String refreshToken, long expiresIn) {
    }

    public TokenPair login(String email, String password, String clientAddress) {
        String normalised = EmailAddress.normalise(email);
        throttle.admit(normalised, clientAddress);
        Optional<UserAccount> account = QuarkusTransaction.requiringNew().call(() -> users.findByEmail(normalised));
        if (account.isEmpty()) {
            passwords.spendDecoyVerification(password);
            fail(normalised);
        }
        if (!passwords.matches(password, account.get().passwordHash)) {
            fail(normalised);
        }
        throttle.recordSuccess(normalised);
        registry.counter("encore.logins", "outcome", "success").increment();
        return toPair(refreshTokens.startFamily(account.get().id));
    }

    private void fail(String normalisedEmail) {
        throttle.recordFailure(normalisedEmail);
        registry.counter("encore.logins", "outcome", "failure").increment();
        throw new InvalidCredentialsException();
    }

    public TokenPair refresh(String refreshToken) {
        RefreshTokenService.Rotation rotation = refreshTokens.rotate(refreshToken);
        rotation.revokedFamily().ifPresent(this::revokeLiveAccessTokens);
        return rotation.session().map(this::toPair).orElseThrow(InvalidRefreshTokenException::new);
    }

    /**
     * Revokes the access token and its whole session. Redis is written first: if it cannot be, the caller is
     * told so (503) instead of believing a token is dead that the edge would still accept.
     */
    public void logout(UUID userId, String jti, UUID sessionId, Instant accessTokenExpiry) {
        try {
            revocations.revokeToken(userId, jti, Duration.between(Instant.now(), accessTokenExpiry));
            revocations.revokeSession(userId, sessionId, Duration.ofSeconds(accessTokens.lifetimeSeconds()));
        } catch (RuntimeException e) {
            throw new RevocationUnavailableException(e);
        }
        refreshTokens.revokeFamily(sessionId, "logout");
    }

    // a reused refresh token may be in a thief's hands: its session's access tokens die with the family
    private void revokeLiveAccessTokens(RefreshTokenService.RevokedFamily family) {
        try {
            revocations.revokeSession(family.userId(), family.id(), Duration.ofSeconds(accessTokens.lifetimeSeconds()));
        } catch (RuntimeException e) {
            LOG.warnf("Family %s revoked for refresh-token reuse, but its access tokens stay valid until they expire: %s",
                    family.id(), e.toString());
        }
    }

    private TokenPair toPair(RefreshTokenService.Session session) {
        return new TokenPair(accessTokens.issue(session.user(), session.familyId()), session.refreshToken(),
                accessTokens.lifetimeSeconds());
    }
}
