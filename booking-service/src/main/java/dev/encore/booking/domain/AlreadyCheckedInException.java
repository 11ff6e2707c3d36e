package dev.encore.booking.domain;

import java.time.Instant;

/** The ticket was checked in before, at {@code checkedInAt} (by the database clock). */
public class AlreadyCheckedInException extends RuntimeException {

    private final Instant checkedInAt;

    public AlreadyCheckedInException(Ticket ticket, Instant checkedInAt) {
        super("Seat " + ticket.seatId() + " of booking " + ticket.bookingId() + " was checked in at " + checkedInAt);
        this.checkedInAt = checkedInAt;
    }

    public Instant checkedInAt() {
        return checkedInAt;
    }
}
