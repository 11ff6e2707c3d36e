package dev.encore.booking.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * A row of {@code booking}: one payment for the seats of one hold. {@code amount} is in {@code currency} (ISO 4217),
 * two decimals as the numeric(12, 2) column keeps it; {@code paymentReference} is the provider's charge,
 * {@code refundReference} its refund; times are as the timestamp(6) columns keep them (microseconds, UTC).
 */
public record Booking(UUID id, UUID holdId, UUID userId, long performanceId, List<String> seatIds, BigDecimal amount,
                      String currency, Status status, String paymentReference, String refundReference,
                      CancelReason cancelReason, Instant createdAt, Instant updatedAt) {

    public enum Status {
        /** Seats are PAYING and the charge is under way (or its answer was lost: the reconciler settles it). */
        PENDING,
        CONFIRMED,
        /** Declined; the seats went back to HELD under the same hold, which may pay again until it expires. */
        FAILED,
        CANCELLED
    }

    /** Why a booking was cancelled (and refunded). */
    public enum CancelReason {
        /** Its buyer cancelled it. */
        BUYER,
        /** Its performance was cancelled. */
        PERFORMANCE_CANCELLED
    }

    public Booking {
        seatIds = List.copyOf(seatIds);
    }

    /** A new PENDING booking of the hold's seats, before it is written. */
    public static Booking pending(UUID id, SeatHold hold, BigDecimal amount, String currency) {
        Instant now = now();
        return new Booking(id, hold.id(), hold.userId(), hold.performanceId(), hold.seatIds(),
                amount.setScale(2, RoundingMode.HALF_UP), currency, Status.PENDING, null, null, null, now, now);
    }

    /** This booking as the sale leaves it in the database: confirmed, with the charge that paid for it. */
    public Booking sold(String reference) {
        return new Booking(id, holdId, userId, performanceId, seatIds, amount, currency, Status.CONFIRMED, reference,
                refundReference, cancelReason, createdAt, now());
    }

    // as the timestamp(6) columns keep it, so that a copy answers like a row read back
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** The key every charge of this booking carries: retries and the reconciler can never charge twice. */
    public String chargeKey() {
        return "charge-" + id;
    }

    /** The key of this booking's one refund: a refund round repeated after a crash refunds once. */
    public String refundKey() {
        return "refund-" + id;
    }
}
