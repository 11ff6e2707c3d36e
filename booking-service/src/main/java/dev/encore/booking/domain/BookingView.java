package dev.encore.booking.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A booking as its buyer sees it. {@code cancelReason} is set on a CANCELLED booking (BUYER or
 * PERFORMANCE_CANCELLED); {@code refunded} says whether its payment has been given back.
 */
public record BookingView(UUID id, Booking.Status status, long performanceId, List<String> seatIds, BigDecimal amount,
                          String currency, UUID holdId, Instant createdAt, Booking.CancelReason cancelReason,
                          boolean refunded) {

    public static BookingView of(Booking b) {
        return new BookingView(b.id(), b.status(), b.performanceId(), b.seatIds(), b.amount(), b.currency(), b.holdId(),
                b.createdAt(), b.cancelReason(), b.refundReference() != null);
    }
}
