package dev.encore.booking.domain;

/** A booking of the hold is being paid right now (409 {@code booking-in-progress}, with Retry-After). */
public class BookingInProgressException extends RuntimeException {

    public BookingInProgressException() {
        super("A booking of this hold is being paid right now; its outcome decides (ask again after Retry-After)");
    }
}
