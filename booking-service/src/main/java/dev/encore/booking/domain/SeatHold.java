package dev.encore.booking.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A row of {@code seat_hold}: the seats ({@code A-1-1} ids) one user holds in one performance until {@code expiresAt}
 * (UTC), under the fencing token Redis gave the hold; its claims carry the same {@code fence}, and only they may be
 * confirmed. {@code expiresAt} and {@code createdAt} are null where the statement that produced the row did not read
 * them.
 */
public record SeatHold(UUID id, long performanceId, UUID userId, long fence, List<String> seatIds, Instant expiresAt,
                       Status status, Instant createdAt) {

    public enum Status {
        ACTIVE,
        RELEASED,
        EXPIRED,
        CONFIRMED
    }

    public SeatHold {
        seatIds = List.copyOf(seatIds);
    }
}
