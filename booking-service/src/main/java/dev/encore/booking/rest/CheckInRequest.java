package dev.encore.booking.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A scanned ticket code: the compact JWS of {@code GET /api/bookings/{id}/tickets}, at most 2,048 characters. */
public record CheckInRequest(@NotBlank @Size(max = 2048) String code) {
}
