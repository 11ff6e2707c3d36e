package dev.encore.booking.rest;

import jakarta.validation.constraints.NotNull;

import java.util.UUID;

public record ConfirmRequest(@NotNull UUID holdId) {
}
