package dev.encore.booking.rest;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

import java.math.BigDecimal;

/**
 * A best-available hold: {@code count} adjacent seats in one row of the performance (at most the per-hold limit,
 * checked by the service), in {@code section} if given
 * (1 to 16 letters or digits), each priced at most {@code maxPrice} if given (0 to 1,000,000, two decimals).
 */
public record BestHoldRequest(@NotNull @Positive Long performanceId,
                              @NotNull @Positive Integer count,
                              @Pattern(regexp = "[A-Za-z0-9]{1,16}") String section,
                              @DecimalMin("0") @DecimalMax("1000000") @Digits(integer = 7, fraction = 2) BigDecimal maxPrice) {
}
