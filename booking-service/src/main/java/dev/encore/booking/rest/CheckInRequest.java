package dev.encore.booking.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * A scanned ticket code: the compact JWS of {@code GET /api/bookings/{id}/tickets}, at most 2,048 characters; and,
 * optionally, the performance whose door scans it (a ticket for another one is refused).
 */
public record CheckInRequest(@NotBlank @Size(max = 2048) String code, @Positive Long performanceId) {
}
