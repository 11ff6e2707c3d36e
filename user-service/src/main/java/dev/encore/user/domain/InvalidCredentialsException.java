package dev.encore.user.domain;

/** Wrong password or unknown email: one answer for both, so that the login does not reveal who has an account. */
public class InvalidCredentialsException extends RuntimeException {

    public InvalidCredentialsException() {
        super("Email or password is wrong");
    }
}
