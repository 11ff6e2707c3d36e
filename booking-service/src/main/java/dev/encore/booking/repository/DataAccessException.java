package dev.encore.booking.repository;

/** A statement PostgreSQL refused for a reason other than a lost connection: a defect, answered 500. */
public class DataAccessException extends RuntimeException {

    public DataAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}
