package dev.encore.booking.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A row of {@code waitlist_entry}: a user waiting for {@code seatCount} seats of a sold-out performance, in arrival
 * order ({@code id}), and the offer made to it ({@code holdId}, {@code offerSeatIds}, {@code offerExpiresAt}: null
 * until one is made). Times are UTC.
 */
public record WaitlistEntry(long id, long performanceId, UUID userId, int seatCount, Status status, UUID holdId,
                            List<String> offerSeatIds, Instant offerExpiresAt, Instant joinedAt) {

    /** Live: WAITING, OFFERING, OFFERED; ended: the rest (docs/architecture.md: the waiting list). */
    public enum Status {
        WAITING,
        OFFERING,
        OFFERED,
        BOOKED,
        EXPIRED,
        LEFT,
        DROPPED
    }

    public WaitlistEntry {
        offerSeatIds = offerSeatIds == null ? null : List.copyOf(offerSeatIds);
    }
}
