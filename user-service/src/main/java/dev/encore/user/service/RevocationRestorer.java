package dev.encore.user.service;

import dev.encore.user.config.JwtConfig;
import dev.encore.user.domain.RefreshFamily;
import dev.encore.user.repository.RefreshFamilyRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Puts the revocation list back when Redis comes back empty: a logout or a refresh-token reuse revokes the session's
 * family in PostgreSQL too, so every family revoked within the last access-token lifetime gets its session entry
 * again, for the time its tokens could still live (RevocationList adds the clock-skew allowance). Without this a
 * logged-out token would be accepted at the edge again until it expired. Every replica checks; writing an entry twice
 * is harmless.
 */
@ApplicationScoped
public class RevocationRestorer {

    private static final Logger LOG = Logger.getLogger(RevocationRestorer.class);

    private final RevocationList revocations;
    private final RefreshFamilyRepository families;
    private final JwtConfig jwt;

    RevocationRestorer(RevocationList revocations, RefreshFamilyRepository families, JwtConfig jwt) {
        this.revocations = revocations;
        this.families = families;
        this.jwt = jwt;
    }

    @Scheduled(every = "{encore.revocation.check-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void restoreIfLost() {
        try {
            if (!revocations.present()) {
                restore();
            }
        } catch (RuntimeException e) {
            // Redis down: the next check tries again
            LOG.debugf("Revocations not checked: %s", e);
        }
    }

    void restore() {
        Instant now = Instant.now();
        Duration lifetime = jwt.accessTokenTtl();
        List<RefreshFamily> revoked = QuarkusTransaction.requiringNew().call(() -> families.revokedSince(now.minus(lifetime)));
        for (RefreshFamily family : revoked) {
            revocations.revokeSession(family.userId, family.id, Duration.between(now, family.revokedAt.plus(lifetime)));
        }
        revocations.markPresent();
        LOG.infof("Redis had no revocation list: restored %d revoked sessions from PostgreSQL", revoked.size());
    }
}
