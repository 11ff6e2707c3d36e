package dev.encore.booking.domain;

/** One live entry per user and performance (409 {@code already-waiting}). */
public class AlreadyWaitingException extends RuntimeException {

    public AlreadyWaitingException(long performanceId) {
        super("You are already on the waiting list of performance " + performanceId);
    }
}
