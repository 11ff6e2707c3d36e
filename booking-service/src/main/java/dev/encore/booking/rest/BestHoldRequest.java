package dev.encore.booking.rest;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

import java.math.BigDecimal;

/**
 * A best-available hold: {@code count} adjacent seats in one row of the performance, in {@code section} if given
 * (1 to 16 letters or digits), each priced at most {@code maxPrice} if given (0 to 1,000,000, two decimals).
 */
public record BestHoldRequest(@NotNull @Positive Long performanceId,
                              @NotNull @Positive @Max(50) Integer count,
                              @Pattern(regexp = "[A-Za-z0-9]{1,16}") String section,
                              @DecimalMin("0") @Digits(integer = 7, fraction = 2) BigDecimal maxPrice) {
}
