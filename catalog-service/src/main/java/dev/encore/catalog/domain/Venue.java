package dev.encore.catalog.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;

@Entity
@Table(name = "venue")
public class Venue {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, length = 200)
    public String name;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public List<Section> sections;

    @Column(name = "seat_count", nullable = false)
    public int seatCount;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public static Venue create(String name, List<Section> sections) {
        Venue venue = new Venue();
        venue.name = name;
        venue.sections = List.copyOf(sections);
        venue.seatCount = sections.stream().mapToInt(Section::seatCount).sum();
        venue.createdAt = Instant.now();
        return venue;
    }
}
