package dev.encore.booking.domain;

/** The caller has no live entry on this performance's waiting list (404). */
public class WaitlistEntryNotFoundException extends RuntimeException {

    public WaitlistEntryNotFoundException(long performanceId) {
        super("You are not on the waiting list of performance " + performanceId);
    }
}
