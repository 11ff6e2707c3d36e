package dev.encore.booking.service;

/**
 * How a final refusal of a confirm (402 declined, 404 hold not found, 409 hold expired, hold booked, charge refunded or
 * sales closed) is written down, to be answered now and replayed byte for byte under its Idempotency-Key: the REST
 * layer's problem+json (RFC 9457).
 */
public interface RefusalFormat {

    /** The HTTP status and body that answer {@code refusal}; it is one of the exceptions listed above. */
    BookingConfirmation.Answer answer(RuntimeException refusal);
}
