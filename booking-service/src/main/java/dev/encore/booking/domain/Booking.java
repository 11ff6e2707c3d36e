package dev.encore.booking.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

@Entity
@Table(name = "booking")
public class Booking {

    public enum Status {
        /** Seats are PAYING and the charge is under way (or its answer was lost: the reconciler settles it). */
        PENDING,
        CONFIRMED,
        /** Declined; the seats went back to HELD under the same hold, which may pay again until it expires. */
        FAILED,
        CANCELLED
    }

    /** Why a booking was cancelled (and refunded). */
    public enum CancelReason {
        /** Its buyer cancelled it. */
        BUYER,
        /** Its performance was cancelled. */
        PERFORMANCE_CANCELLED
    }

    @Id
    public UUID id;

    @Column(name = "hold_id", nullable = false)
    public UUID holdId;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(name = "performance_id", nullable = false)
    public long performanceId;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "seat_ids", nullable = false, columnDefinition = "text[]")
    public List<String> seatIds;

    @Column(nullable = false, precision = 12, scale = 2)
    public BigDecimal amount;

    @Column(nullable = false, length = 3)
    public String currency;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public Status status;

    @Column(name = "payment_reference", length = 100)
    public String paymentReference;

    @Column(name = "refund_reference", length = 100)
    public String refundReference;

    @Enumerated(EnumType.STRING)
    @Column(name = "cancel_reason", length = 32)
    public CancelReason cancelReason;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public static Booking pending(UUID id, SeatHold hold, BigDecimal amount, String currency) {
        Booking booking = new Booking();
        booking.id = id;
        booking.holdId = hold.id;
        booking.userId = hold.userId;
        booking.performanceId = hold.performanceId;
        booking.seatIds = List.copyOf(hold.seatIds);
        // as the numeric(12, 2) column keeps it (PostgreSQL rounds half up), so that this copy answers like a row read back
        booking.amount = amount.setScale(2, RoundingMode.HALF_UP);
        booking.currency = currency;
        booking.status = Status.PENDING;
        booking.createdAt = now();
        booking.updatedAt = booking.createdAt;
        return booking;
    }

    public void moveTo(Status next) {
        status = next;
        updatedAt = now();
    }

    // as the timestamp(6) columns keep it, so that this copy answers like a row read back
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** This copy as the sale left it in the database: confirmed, with the charge that paid for it. */
    public Booking sell(String paymentReference) {
        this.paymentReference = paymentReference;
        moveTo(Status.CONFIRMED);
        return this;
    }

    /** The key every charge of this booking carries: retries and the reconciler can never charge twice. */
    public String chargeKey() {
        return "charge-" + id;
    }

    public String refundKey() {
        return "refund-" + id;
    }
}
