package dev.encore.user.repository;

import dev.encore.user.domain.UserAccount;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class UserAccountRepository implements PanacheRepositoryBase<UserAccount, UUID> {

    public Optional<UserAccount> findByEmail(String normalisedEmail) {
        return find("email", normalisedEmail).firstResultOptional();
    }
}
