package dev.encore.booking.domain;

import java.util.UUID;

/** Also for another user's booking: whether it exists is none of the caller's business. */
public class BookingNotFoundException extends RuntimeException {

    public BookingNotFoundException(UUID bookingId) {
        super("No booking " + bookingId);
    }
}
