package dev.encore.booking.domain;

import java.time.Instant;
import java.util.UUID;

/** A successful check-in: the ticket admitted and when, by the database clock. */
public record CheckInView(UUID bookingId, long performanceId, String seatId, Instant checkedInAt) {
}
