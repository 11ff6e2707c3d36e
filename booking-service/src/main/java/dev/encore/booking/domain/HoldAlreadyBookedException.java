package dev.encore.booking.domain;

import java.util.UUID;

/** The hold has been paid for: its seats are sold to its booking (409 {@code hold-booked}). */
public class HoldAlreadyBookedException extends RuntimeException {

    public HoldAlreadyBookedException(UUID holdId) {
        super("Hold " + holdId + " has been paid for once already (see GET /api/bookings); to buy its seats again, hold them again");
    }
}
