package dev.encore.booking.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@Entity
@Table(name = "seat_hold")
public class SeatHold {

    public enum Status {
        ACTIVE,
        RELEASED,
        EXPIRED,
        CONFIRMED
    }

    @Id
    public UUID id;

    @Column(name = "performance_id", nullable = false)
    public long performanceId;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    /** The fencing token Redis gave this hold; its claims carry it, and only they may be confirmed. */
    @Column(nullable = false)
    public long fence;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "seat_ids", nullable = false, columnDefinition = "text[]")
    public List<String> seatIds;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public Status status;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public static SeatHold active(UUID id, long performanceId, UUID userId, long fence, List<String> seatIds, Instant expiresAt) {
        SeatHold hold = new SeatHold();
        hold.id = id;
        hold.performanceId = performanceId;
        hold.userId = userId;
        hold.fence = fence;
        hold.seatIds = List.copyOf(seatIds);
        hold.expiresAt = expiresAt;
        hold.status = Status.ACTIVE;
        hold.createdAt = Instant.now();
        return hold;
    }
}
