package dev.encore.user.repository;

import dev.encore.user.domain.RefreshToken;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.Optional;

@ApplicationScoped
public class RefreshTokenRepository implements PanacheRepositoryBase<RefreshToken, String> {

    /** Locks the row so that two concurrent refreshes with one token cannot both rotate it. */
    public Optional<RefreshToken> findForRotation(String tokenHash) {
        return findByIdOptional(tokenHash, LockModeType.PESSIMISTIC_WRITE);
    }
}
