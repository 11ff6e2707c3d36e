package dev.encore.booking.rest;

import dev.encore.booking.domain.SeatHold;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

// answered inside a Response, which Quarkus does not look into when registering for a native image
@RegisterForReflection
public record HoldResponse(UUID holdId, long performanceId, List<String> seatIds, Instant expiresAt) {

    static HoldResponse from(SeatHold hold) {
        return new HoldResponse(hold.id(), hold.performanceId(), hold.seatIds(), hold.expiresAt());
    }
}
