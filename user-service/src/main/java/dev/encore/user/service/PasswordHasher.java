package dev.encore.user.service;

import io.quarkus.elytron.security.common.BcryptUtil;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Base64;

@ApplicationScoped
public class PasswordHasher {

    private static final int BCRYPT_COST = 10;

    // verified against when the email is unknown, so that a miss costs as long as a wrong password
    private final String decoyHash = hash("decoy-password-for-unknown-accounts");

    public String hash(String password) {
        return BcryptUtil.bcryptHash(prehash(password), BCRYPT_COST);
    }

    public boolean matches(String password, String hash) {
        return BcryptUtil.matches(prehash(password), hash);
    }

    public void spendDecoyVerification(String password) {
        BcryptUtil.matches(prehash(password), decoyHash);
    }

    // bcrypt reads only the first 72 bytes; a SHA-256 first lets every character of a long passphrase count
    private static String prehash(String password) {
        return Base64.getEncoder().encodeToString(Sha256.of(password));
    }
}
