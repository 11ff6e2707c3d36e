package dev.encore.booking.domain;

/** A ticket code that is not one booking-service signed: malformed, forged, signed by an unknown key, or altered. */
public class InvalidTicketCodeException extends RuntimeException {

    public InvalidTicketCodeException(String message) {
        super(message);
    }
}
