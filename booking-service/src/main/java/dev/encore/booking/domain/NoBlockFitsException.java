package dev.encore.booking.domain;

/** No free block of the asked size fits the request (section, price), or every one was taken while it was tried. */
public class NoBlockFitsException extends RuntimeException {

    public NoBlockFitsException(String message) {
        super(message);
    }
}
