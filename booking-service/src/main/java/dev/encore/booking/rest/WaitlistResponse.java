package dev.encore.booking.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.encore.booking.domain.WaitlistEntry;
import dev.encore.booking.repository.WaitlistRepository.Placed;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The caller's entry on a waiting list: {@code position} (1 = next to be offered seats, counting the entries that
 * joined before and still wait for an offer; 0 once offered), {@code count} seats wanted, {@code joinedAt} (UTC), {@code status} WAITING or OFFERED, and once
 * offered, {@code offer}: the hold made for the caller ({@code holdId}, {@code seatIds}), bought like any hold
 * before {@code expiresAt}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WaitlistResponse(long performanceId, int position, int count, String status, Instant joinedAt, Offer offer) {

    /** An offer: a hold of the caller's, kept until {@code expiresAt}. */
    public record Offer(UUID holdId, List<String> seatIds, Instant expiresAt) {
    }

    static WaitlistResponse from(Placed placed) {
        WaitlistEntry entry = placed.entry();
        boolean offered = entry.status() == WaitlistEntry.Status.OFFERED;
        // an offer still being made shows as waiting: its hold may not exist yet
        return new WaitlistResponse(entry.performanceId(), placed.position(), entry.seatCount(),
                offered ? "OFFERED" : "WAITING", entry.joinedAt(),
                offered ? new Offer(entry.holdId(), entry.offerSeatIds(), entry.offerExpiresAt()) : null);
    }
}
