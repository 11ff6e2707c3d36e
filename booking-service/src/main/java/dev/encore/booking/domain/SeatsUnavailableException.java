package dev.encore.booking.domain;

import java.util.List;

/** Someone else holds or bought these seats. */
public class SeatsUnavailableException extends RuntimeException {

    private final List<String> unavailableSeatIds;

    public SeatsUnavailableException(List<String> unavailableSeatIds) {
        super("Seats already taken: " + String.join(", ", unavailableSeatIds));
        this.unavailableSeatIds = List.copyOf(unavailableSeatIds);
    }

    public List<String> unavailableSeatIds() {
        return unavailableSeatIds;
    }
}
