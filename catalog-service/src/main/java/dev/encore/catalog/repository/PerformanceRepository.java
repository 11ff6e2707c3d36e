package dev.encore.catalog.repository;

import dev.encore.catalog.domain.Performance;
import dev.encore.catalog.domain.PerformanceStatus;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

@ApplicationScoped
public class PerformanceRepository implements PanacheRepository<Performance> {

    public record Filter(Optional<PerformanceStatus> status, Optional<Instant> from, Optional<Instant> to) {
    }

    public Optional<Performance> findWithVenue(long id) {
        return find("from Performance p join fetch p.venue where p.id = ?1", id).firstResultOptional();
    }

    /**
     * Page {@code page} (from 0) of {@code size} performances in start order, venues fetched in the same query
     * (served by the status/starts_at indexes). A page whose first row lies past any int offset is empty.
     */
    public List<Performance> page(Filter filter, int page, int size) {
        // in 64 bits: page * size overflows an int (a negative offset, a 500) long before it runs out of rows
        long offset = (long) page * size;
        if (offset > Integer.MAX_VALUE) {
            return List.of(); // Hibernate takes int offsets; no catalog holds 2^31 performances
        }
        return find("from Performance p join fetch p.venue" + where(filter) + " order by p.startsAt, p.id", parameters(filter))
                .range((int) offset, (int) Math.min(Integer.MAX_VALUE, offset + size - 1)).list();
    }

    public long count(Filter filter) {
        return find("from Performance p" + where(filter), parameters(filter)).count();
    }

    /** Moves every scheduled performance whose sales have opened to ON_SALE; returns their ids. */
    @SuppressWarnings("unchecked")
    public List<Long> openDueSales() {
        return getEntityManager().createNativeQuery("""
                        UPDATE performance SET status = 'ON_SALE'
                        WHERE status = 'SCHEDULED' AND sales_open_at <= now()
                        RETURNING id""", Long.class)
                .getResultList();
    }

    private static String where(Filter filter) {
        StringJoiner conditions = new StringJoiner(" and ", " where ", "").setEmptyValue("");
        filter.status().ifPresent(s -> conditions.add("p.status = :status"));
        filter.from().ifPresent(f -> conditions.add("p.startsAt >= :from"));
        filter.to().ifPresent(t -> conditions.add("p.startsAt < :to"));
        return conditions.toString();
    }

    private static Parameters parameters(Filter filter) {
        Parameters parameters = new Parameters();
        filter.status().ifPresent(s -> parameters.and("status", s));
        filter.from().ifPresent(f -> parameters.and("from", f));
        filter.to().ifPresent(t -> parameters.and("to", t));
        return parameters;
    }
}
