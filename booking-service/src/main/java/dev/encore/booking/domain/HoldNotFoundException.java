package dev.encore.booking.domain;

import java.util.UUID;

/** Also for another user's hold: whether it exists is none of the caller's business. */
public class HoldNotFoundException extends RuntimeException {

    public HoldNotFoundException(UUID holdId) {
        super("No hold " + holdId);
    }
}
