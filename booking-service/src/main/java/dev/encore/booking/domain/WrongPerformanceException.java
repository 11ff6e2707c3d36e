package dev.encore.booking.domain;

/** A genuine ticket scanned at another performance's door. */
public class WrongPerformanceException extends RuntimeException {

    private final long ticketPerformanceId;

    public WrongPerformanceException(Ticket ticket, long scannedAt) {
        super("The ticket is for performance " + ticket.performanceId() + ", not " + scannedAt);
        this.ticketPerformanceId = ticket.performanceId();
    }

    public long ticketPerformanceId() {
        return ticketPerformanceId;
    }
}
