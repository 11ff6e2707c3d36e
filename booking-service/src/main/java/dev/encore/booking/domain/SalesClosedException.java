package dev.encore.booking.domain;

/**
 * A hold or confirm after sales stopped: the performance is not on sale (closed, cancelled or not yet open), or the
 * database clock is outside its sales window. Answered 409 {@code urn:encore:problem:sales-closed}.
 */
public class SalesClosedException extends RuntimeException {

    public SalesClosedException(long performanceId) {
        super("Sales of performance " + performanceId + " are closed");
    }

    public SalesClosedException(long performanceId, String status) {
        super("Performance " + performanceId + " is " + status + ": sales are closed");
    }
}
