package dev.encore.booking.domain;

import java.util.UUID;

/** A genuine ticket whose booking is no longer CONFIRMED (cancelled by its buyer or with its performance): it admits nobody. */
public class TicketVoidException extends RuntimeException {

    private final Booking.Status bookingStatus;
    private final Booking.CancelReason cancelReason;

    public TicketVoidException(UUID bookingId, Booking.Status bookingStatus, Booking.CancelReason cancelReason) {
        super(bookingStatus == null ? "No booking " + bookingId + " has this seat: the ticket is void"
                : "The ticket's booking " + bookingId + " is " + bookingStatus
                  + (cancelReason == null ? "" : " (" + cancelReason + ")") + ": the ticket is void");
        this.bookingStatus = bookingStatus;
        this.cancelReason = cancelReason;
    }

    /** Null when no booking has the ticket's seat (a code signed before its booking was lost). */
    public Booking.Status bookingStatus() {
        return bookingStatus;
    }

    /** Null unless the booking was cancelled. */
    public Booking.CancelReason cancelReason() {
        return cancelReason;
    }
}
