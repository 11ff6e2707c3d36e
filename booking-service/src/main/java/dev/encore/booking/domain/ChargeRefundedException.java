package dev.encore.booking.domain;

import java.util.UUID;

/**
 * A charge was approved for a booking that could no longer be completed (another actor had already failed it): the
 * charge is refunded, or owed and retried by the refund round (409 {@code charge-refunded}).
 */
public class ChargeRefundedException extends RuntimeException {

    public ChargeRefundedException(UUID bookingId) {
        super("Booking " + bookingId + " could not be completed; its charge is refunded");
    }
}
