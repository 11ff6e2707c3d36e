package dev.encore.booking.domain;

import java.util.List;

/** A hold request that cannot be right whatever the seats' state: the answer names the field and the seats. */
public class InvalidSeatRequestException extends RuntimeException {

    private final String field;
    private final List<String> seatIds;

    public InvalidSeatRequestException(String field, String message, List<String> seatIds) {
        super(message);
        this.field = field;
        this.seatIds = List.copyOf(seatIds);
    }

    public String field() {
        return field;
    }

    public List<String> seatIds() {
        return seatIds;
    }
}
