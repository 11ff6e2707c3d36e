package dev.encore.edge.security;

/** The access token is missing, malformed, forged, expired or revoked. */
public class InvalidTokenException extends RuntimeException {

    public InvalidTokenException(String message) {
        super(message, null, false, false);
    }
}
