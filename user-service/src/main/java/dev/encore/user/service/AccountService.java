package dev.encore.user.service;

import dev.encore.user.domain.EmailAddress;
import dev.encore.user.domain.EmailTakenException;
import dev.encore.user.domain.Role;
import dev.encore.user.domain.UserAccount;
import dev.encore.user.repository.UserAccountRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import org.hibernate.exception.ConstraintViolationException;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

@ApplicationScoped
public class AccountService {

    private final UserAccountRepository users;
    private final PasswordHasher passwords;

    AccountService(UserAccountRepository users, PasswordHasher passwords) {
        this.users = users;
        this.passwords = passwords;
    }

    public UserAccount signUp(String email, String password, String name) {
        return create(email, password, name, Set.of(Role.USER));
    }

    /** Hashing runs before the transaction: bcrypt is slow by design and must not hold a connection. */
    public UserAccount create(String email, String password, String name, Set<Role> roles) {
        UserAccount account = UserAccount.create(EmailAddress.normalise(email), name.strip(), passwords.hash(password), roles);
        return QuarkusTransaction.requiringNew().call(() -> insert(account));
    }

    private UserAccount insert(UserAccount account) {
        if (users.findByEmail(account.email).isPresent()) {
            throw new EmailTakenException();
        }
        try {
            users.persistAndFlush(account);
        } catch (PersistenceException e) {
            // two sign-ups for one email raced past the check: the unique index decides
            if (e instanceof ConstraintViolationException || e.getCause() instanceof ConstraintViolationException) {
                throw new EmailTakenException();
            }
            throw e;
        }
        return account;
    }

    @Transactional
    public Optional<UserAccount> find(UUID id) {
        return users.findByIdOptional(id);
    }

    /**
     * Grants or withdraws a role; the account's next access token carries the change (tokens already issued keep
     * their roles until they expire, at most encore.jwt.access-token-ttl).
     *
     * @return the account as changed, empty when there is no such account
     */
    @Transactional
    public Optional<UserAccount> setRole(UUID id, Role role, boolean granted) {
        Optional<UserAccount> account = users.findByIdOptional(id);
        account.ifPresent(a -> {
            if (granted) {
                a.roles.add(role);
            } else {
                a.roles.remove(role);
            }
        });
        return account;
    }

    @Transactional
    public boolean exists(String email) {
        return users.findByEmail(EmailAddress.normalise(email)).isPresent();
    }
}
