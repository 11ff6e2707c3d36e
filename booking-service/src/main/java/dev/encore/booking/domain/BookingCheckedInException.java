package dev.encore.booking.domain;

import java.util.UUID;

/** A booking with a ticket already checked in cannot be cancelled: its holder is inside. */
public class BookingCheckedInException extends RuntimeException {

    public BookingCheckedInException(UUID bookingId) {
        super("Booking " + bookingId + " has a ticket checked in: it can no longer be cancelled");
    }
}
