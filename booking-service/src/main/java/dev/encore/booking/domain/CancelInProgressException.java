package dev.encore.booking.domain;

import java.util.UUID;

/** The ticket's booking is being cancelled by its buyer right now: the scan is neither admitted nor void yet. */
public class CancelInProgressException extends RuntimeException {

    public CancelInProgressException(UUID bookingId) {
        super("Booking " + bookingId + " is being cancelled: scan again in a second (void if the cancel completes)");
    }
}
