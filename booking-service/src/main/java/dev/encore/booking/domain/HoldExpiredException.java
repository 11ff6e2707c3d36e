package dev.encore.booking.domain;

public class HoldExpiredException extends RuntimeException {

    public HoldExpiredException() {
        super("The hold expired or its seats were taken over; hold the seats again");
    }
}
