package dev.encore.booking.domain;

public class BookingInProgressException extends RuntimeException {

    public BookingInProgressException() {
        super("A booking for this hold or key is already being paid; retry with the same Idempotency-Key");
    }
}
