package dev.encore.booking.domain;

public class BookingStateConflictException extends RuntimeException {

    public BookingStateConflictException(String message) {
        super(message);
    }
}
