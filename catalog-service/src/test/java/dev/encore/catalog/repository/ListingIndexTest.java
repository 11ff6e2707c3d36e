package dev.encore.catalog.repository;

import dev.encore.catalog.CatalogFixtures;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The listing and closing queries are answered through their indexes, never by scanning every performance. */
@QuarkusTest
class ListingIndexTest {

    @Inject
    EntityManager entityManager;

    @Test
    void listingByStatusAndStartWindowUsesTheStatusStartsIndex() {
        seedPerformances();
        String plan = explain("""
                SELECT * FROM performance WHERE status = 'ON_SALE'
                AND starts_at >= now() + interval '10 days' AND starts_at < now() + interval '11 days'
                ORDER BY starts_at, id LIMIT 20""");
        assertTrue(plan.contains("performance_status_starts_idx"), plan);
    }

    @Test
    void listingByStartWindowUsesTheStartsIndex() {
        seedPerformances();
        String plan = explain("""
                SELECT * FROM performance WHERE starts_at >= now() + interval '10 days'
                AND starts_at < now() + interval '11 days' ORDER BY starts_at, id LIMIT 20""");
        assertTrue(plan.contains("performance_starts_idx"), plan);
    }

    @Test
    void closingJobWalksOpenPerformancesThroughThePartialIndex() {
        seedPerformances();
        String plan = explain("""
                SELECT id FROM performance WHERE status IN ('SCHEDULED', 'ON_SALE') AND ends_at <= now() AND id > 0
                ORDER BY id LIMIT 1000""");
        assertTrue(plan.contains("performance_open_id_idx"), plan);
    }

    /**
     * The shape of a catalog after a while: most performances lie in the past and are closed, a small backlog
     * has ended but is still open, and the future ones are on sale or scheduled.
     */
    private void seedPerformances() {
        long venue = CatalogFixtures.smallVenue();
        QuarkusTransaction.requiringNew().run(() -> {
            entityManager.createNativeQuery("""
                    INSERT INTO performance (venue_id, title, starts_at, ends_at, sales_open_at, sales_close_at,
                                             prices, currency, queue_enabled, status, created_at)
                    SELECT :venue, 'Seeded ' || g, now() + (g - 19000) * interval '1 hour',
                           now() + (g - 19000) * interval '1 hour' + interval '2 hours',
                           now(), now() + (g - 19000) * interval '1 hour', '{"A": 10, "B": 5}'::jsonb, 'EUR', false,
                           CASE WHEN g > 19000 THEN (ARRAY['SCHEDULED', 'ON_SALE'])[1 + g % 2]
                                WHEN g % 100 = 0 THEN 'ON_SALE'
                                ELSE (ARRAY['CLOSED', 'CANCELLED'])[1 + g % 2] END, now()
                    FROM generate_series(1, 20000) g""").setParameter("venue", venue).executeUpdate();
            entityManager.createNativeQuery("ANALYZE performance").executeUpdate();
        });
    }

    @SuppressWarnings("unchecked")
    private String explain(String sql) {
        return QuarkusTransaction.requiringNew().call(() ->
                String.join("\n", (List<String>) entityManager.createNativeQuery("EXPLAIN " + sql).getResultList()));
    }
}
