package dev.encore.booking.rest;

import dev.encore.booking.domain.SeatHold;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

public record HoldResponse(UUID holdId, long performanceId, List<String> seatIds, Instant expiresAt) {

    static HoldResponse from(SeatHold hold) {
        return new HoldResponse(hold.id(), hold.performanceId(), hold.seatIds(), hold.expiresAt());
    }
}
