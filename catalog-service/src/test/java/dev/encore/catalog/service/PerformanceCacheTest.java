package dev.encore.catalog.service;

import dev.encore.catalog.CatalogFixtures;
import dev.encore.common.PerformanceChangeChannel;
import dev.encore.testsupport.InjectServer;
import dev.encore.testsupport.TestRedis;
import dev.encore.testsupport.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.hibernate.SessionFactory;
import io.quarkus.scheduler.Scheduler;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class PerformanceCacheTest {

    @Inject
    SessionFactory sessionFactory;

    @Inject
    EntityManager entityManager;

    @InjectServer
    TestRedis redis;

    @Inject
    Scheduler scheduler;

    // statement counts are global: the sales opener's UPDATE must not land between two of them
    @BeforeEach
    void noBackgroundStatements() throws InterruptedException {
        scheduler.pause();
        Thread.sleep(200);
    }

    @AfterEach
    void restore() {
        scheduler.resume();
        if (!"+PONG".equals(redis.command("PING"))) {
            redis.startAgain();
        }
    }

    @Test
    void secondReadOfADetailOrLayoutNeverReachesPostgresql() {
        long id = CatalogFixtures.performanceOnSale(CatalogFixtures.smallVenue());
        given().get("/api/performances/" + id).then().statusCode(200);
        given().get("/internal/performances/" + id + "/layout").then().statusCode(200);

        long statements = statementCount();
        given().get("/api/performances/" + id).then().statusCode(200).body("id", is((int) id));
        given().get("/internal/performances/" + id + "/layout").then().statusCode(200);
        assertEquals(statements, statementCount(), "cached reads must not run SQL");
    }

    @Test
    void firstListingPageIsServedFromTheCache() {
        CatalogFixtures.performanceOnSale(CatalogFixtures.smallVenue());
        given().queryParam("status", "ON_SALE").get("/api/performances").then().statusCode(200);
        long statements = statementCount();
        given().queryParam("status", "ON_SALE").get("/api/performances").then().statusCode(200);
        assertEquals(statements, statementCount());
    }

    @Test
    void anAdministratorsChangeIsVisibleOnTheNextRead() {
        long venue = CatalogFixtures.smallVenue();
        long id = CatalogFixtures.performanceOnSale(venue);
        given().get("/api/performances/" + id).then().body("status", is("ON_SALE"));
        int listed = given().get("/api/performances").then().extract().path("total");

        given().auth().oauth2(TestTokens.admin()).post("/internal/performances/" + id + "/close").then().statusCode(200);
        CatalogFixtures.performanceOnSale(venue);

        given().get("/api/performances/" + id).then().body("status", is("CLOSED"));
        given().get("/internal/performances/" + id + "/layout").then().body("status", is("CLOSED"));
        given().get("/api/performances").then().body("total", is(listed + 1));
    }

    @Test
    void evictingTheDocumentedKeysAsClosingJobDoesShowsTheChangeOnTheNextRead() {
        long id = CatalogFixtures.performanceOnSale(CatalogFixtures.smallVenue());
        given().get("/api/performances/" + id).then().body("status", is("ON_SALE"));
        given().get("/internal/performances/" + id + "/layout").then().body("status", is("ON_SALE"));
        QuarkusTransaction.requiringNew().run(() -> entityManager
                .createNativeQuery("UPDATE performance SET status = 'CLOSED', closed_at = now() WHERE id = " + id)
                .executeUpdate());
        given().get("/api/performances/" + id).then().body("status", is("ON_SALE"));

        // one key a command: on a cluster the two keys live in different slots
        redis.command("DEL catalog:performance:" + id);
        redis.command("DEL catalog:layout:" + id);
        redis.command("INCR catalog:listing:generation");

        given().get("/api/performances/" + id).then().body("status", is("CLOSED"));
        given().get("/internal/performances/" + id + "/layout").then().body("status", is("CLOSED"));
    }

    @Test
    void statusChangesAreAnnouncedOnTheChannel() throws Exception {
        long id = CatalogFixtures.performanceOnSale(CatalogFixtures.smallVenue());
        try (TestRedis.Subscription changes = redis.subscribe(PerformanceChangeChannel.NAME)) {
            given().auth().oauth2(TestTokens.admin()).post("/internal/performances/" + id + "/cancel").then().statusCode(200);
            String message = changes.nextMessage();
            while (message.startsWith("probe:")) {
                message = changes.nextMessage();
            }
            assertEquals(String.valueOf(id), message);
        }
    }

    @Test
    void aChangeAnnouncedByAnotherServiceEvictsThePerformanceFromTheCache() {
        long id = CatalogFixtures.performanceOnSale(CatalogFixtures.smallVenue());
        given().get("/api/performances/" + id).then().body("status", is("ON_SALE"));
        given().get("/internal/performances/" + id + "/layout").then().body("status", is("ON_SALE"));
        given().get("/api/performances").then().statusCode(200);
        long generation = Long.parseLong(redis.command("INCRBY catalog:listing:generation 0").substring(1));
        // closing-job closes in its own transaction, then only announces
        QuarkusTransaction.requiringNew().run(() -> entityManager
                .createNativeQuery("UPDATE performance SET status = 'CLOSED', closed_at = now() WHERE id = " + id)
                .executeUpdate());

        redis.command("PUBLISH " + PerformanceChangeChannel.NAME + " " + id);

        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertEquals(":0", redis.command("EXISTS catalog:performance:" + id));
            assertEquals(":0", redis.command("EXISTS catalog:layout:" + id));
            assertTrue(Long.parseLong(redis.command("INCRBY catalog:listing:generation 0").substring(1)) > generation,
                    "cached listings retired");
        });
        given().get("/api/performances/" + id).then().body("status", is("CLOSED"));
        given().get("/internal/performances/" + id + "/layout").then().body("status", is("CLOSED"));
    }

    @Test
    void readsKeepAnsweringFromPostgresqlWhileRedisIsDown() {
        long venue = CatalogFixtures.smallVenue();
        long id = CatalogFixtures.performanceOnSale(venue);
        double before = unavailableCount();
        redis.stop();

        given().get("/api/performances/" + id).then().statusCode(200).body("status", is("ON_SALE"));
        given().get("/api/performances").then().statusCode(200);
        given().get("/internal/performances/" + id + "/layout").then().statusCode(200);
        // writes never depend on the cache
        given().auth().oauth2(TestTokens.admin()).post("/internal/performances/" + id + "/close").then().statusCode(200);
        given().get("/api/performances/" + id).then().statusCode(200).body("status", is("CLOSED"));

        assertTrue(unavailableCount() > before, "reads that bypassed the cache must be counted");
    }

    private long statementCount() {
        return sessionFactory.getStatistics().getPrepareStatementCount();
    }

    private static double unavailableCount() {
        return given().get("/q/metrics").then().extract().asString().lines()
                .filter(line -> line.startsWith("encore_catalog_cache_total") && line.contains("result=\"unavailable\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }
}
