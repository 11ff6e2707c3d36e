package dev.encore.catalog.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

@Entity
@Table(name = "performance")
public class Performance {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "venue_id")
    public Venue venue;

    @Column(nullable = false, length = 200)
    public String title;

    @Column(name = "starts_at", nullable = false)
    public Instant startsAt;

    @Column(name = "ends_at", nullable = false)
    public Instant endsAt;

    @Column(name = "sales_open_at", nullable = false)
    public Instant salesOpenAt;

    /** When sales stop: after {@link #salesOpenAt}, at the latest {@link #endsAt}. */
    @Column(name = "sales_close_at", nullable = false)
    public Instant salesCloseAt;

    /** Price per section name. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public Map<String, BigDecimal> prices;

    @Column(nullable = false, length = 3)
    public String currency;

    @Column(name = "queue_enabled", nullable = false)
    public boolean queueEnabled;

    /** Stored, never derived from the clock at read time: the sales opener and closing-job move it. */
    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public PerformanceStatus status;

    @Column(name = "closed_at")
    public Instant closedAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public static Performance schedule(Venue venue, String title, Instant startsAt, Instant endsAt, Instant salesOpenAt,
                                       Instant salesCloseAt, Map<String, BigDecimal> prices, String currency, boolean queueEnabled) {
        Performance performance = new Performance();
        performance.venue = venue;
        performance.title = title;
        performance.startsAt = startsAt;
        performance.endsAt = endsAt;
        performance.salesOpenAt = salesOpenAt;
        performance.salesCloseAt = salesCloseAt;
        performance.prices = new TreeMap<>(prices);
        performance.currency = currency;
        performance.queueEnabled = queueEnabled;
        performance.createdAt = Instant.now();
        performance.status = salesOpenAt.isAfter(performance.createdAt) ? PerformanceStatus.SCHEDULED : PerformanceStatus.ON_SALE;
        return performance;
    }
}
