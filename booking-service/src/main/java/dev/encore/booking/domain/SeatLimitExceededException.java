package dev.encore.booking.domain;

public class SeatLimitExceededException extends RuntimeException {

    public SeatLimitExceededException(int limit, long alreadyLive) {
        super("At most " + limit + " seats per user and performance; you already hold or own " + alreadyLive);
    }
}
