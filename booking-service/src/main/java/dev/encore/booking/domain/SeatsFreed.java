package dev.encore.booking.domain;

/** Seats of the performance were freed on this replica (a hold released, a booking cancelled): a CDI event. */
public record SeatsFreed(long performanceId) {
}
