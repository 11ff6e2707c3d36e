package dev.encore.booking.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/** Joining a waiting list: {@code count} seats wanted (at most the per-hold and per-user limits, checked by the service). */
public record WaitlistRequest(@NotNull @Positive Integer count) {
}
