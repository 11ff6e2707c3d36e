package dev.encore.booking.rest;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import java.util.List;

public record HoldRequest(@NotNull @Positive Long performanceId,
                          @NotEmpty @Size(max = 50) List<@NotNull String> seatIds) {
}
