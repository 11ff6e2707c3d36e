package dev.encore.closing.domain;

/** PostgreSQL could not be reached before anything changed: the caller may repeat the request (503). */
public class DatabaseUnavailableException extends RuntimeException {

    public DatabaseUnavailableException(String what, Throwable cause) {
        super("PostgreSQL unavailable for " + what + ": " + cause.getMessage(), cause);
    }
}
