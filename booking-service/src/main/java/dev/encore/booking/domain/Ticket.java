package dev.encore.booking.domain;

import java.util.UUID;

/**
 * One seat of a CONFIRMED booking: what a ticket code says (and all it says). A ticket is identified by its booking
 * and seat, so a seat sold again after a cancellation is a different ticket.
 */
public record Ticket(UUID bookingId, long performanceId, String seatId) {
}
