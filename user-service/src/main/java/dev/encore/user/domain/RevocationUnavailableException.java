package dev.encore.user.domain;

/** The revocation list could not be written: the caller must not be told that the token is revoked. */
public class RevocationUnavailableException extends RuntimeException {

    public RevocationUnavailableException(Throwable cause) {
        super("The revocation list is unavailable; the token is still valid, retry shortly", cause);
    }
}
