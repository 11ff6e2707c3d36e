package dev.encore.booking.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

public record BookingView(UUID id, Booking.Status status, long performanceId, List<String> seatIds, BigDecimal amount,
                          String currency, UUID holdId, Instant createdAt) {

    public static BookingView of(Booking b) {
        return new BookingView(b.id, b.status, b.performanceId, b.seatIds, b.amount, b.currency, b.holdId, b.createdAt);
    }
}
