package dev.encore.user.domain;

public class InvalidRefreshTokenException extends RuntimeException {

    public InvalidRefreshTokenException() {
        super("The refresh token is unknown, expired, spent or revoked");
    }
}
