package dev.encore.booking.domain;

/** A waiting list is joined only when the seats asked for cannot be held now (409 {@code not-sold-out}). */
public class NotSoldOutException extends RuntimeException {

    public NotSoldOutException(long performanceId, long freeSeats) {
        super("Performance " + performanceId + " has " + freeSeats + " seats free: hold them instead of waiting");
    }
}
