package dev.encore.booking.service;

import dev.encore.booking.BookingFixtures;
import dev.encore.testsupport.InjectServer;
import dev.encore.testsupport.PeerService;
import dev.encore.testsupport.TestRedis;
import dev.encore.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A dead Redis or catalog-service costs a fast, explicit 503 where it must, and nothing where it need not. */
@QuarkusTest
class OutageTest {

    @InjectServer
    TestRedis redis;

    @InjectServer
    PeerService catalog;

    @Test
    void withRedisDownHoldsAnswer503FastAndTheSeatMapFallsBackToPostgresql() throws Exception {
        long performance = BookingFixtures.performanceOnSale();
        BookingFixtures.hold(TestTokens.user(), performance, "A-3-3").then().statusCode(201);
        redis.stop();
        try {
            Instant start = Instant.now();
            BookingFixtures.hold(TestTokens.user(), performance, "A-3-4")
                    .then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", notNullValue())
                    .header("Retry-After-Ms", notNullValue());
            assertTrue(Duration.between(start, Instant.now()).toMillis() < 2_000, "a dead Redis must not hang a hold");

            given().get("/api/performances/" + performance + "/seats")
                    .then().statusCode(200)
                    .body("seats.find { it.id == 'A-3-3' }.status", is("HELD"))
                    .body("seats.find { it.id == 'A-3-4' }.status", is("AVAILABLE"));
        } finally {
            redis.startAgain();
            // the breaker stays open for its delay; later tests need Redis back in the path
            Thread.sleep(2_500);
        }
    }

    @Test
    void withRedisDownAHeldSeatStillConfirmsThroughPostgresql() throws Exception {
        long performance = BookingFixtures.performanceOnSale();
        String fan = TestTokens.user();
        String hold = BookingFixtures.holdId(fan, performance, "A-4-4");
        redis.stop();
        try {
            BookingFixtures.book(fan, hold, UUID.randomUUID().toString()).then().statusCode(201).body("status", is("CONFIRMED"));
            given().get("/api/performances/" + performance + "/seats").then()
                    .body("seats.find { it.id == 'A-4-4' }.status", is("SOLD"));
        } finally {
            redis.startAgain();
            Thread.sleep(2_500);
        }
    }

    @Test
    void withCatalogDownKnownSeatMapsStillServeAndUnknownPerformancesGet503() throws InterruptedException {
        long performance = BookingFixtures.performanceOnSale();
        given().get("/api/performances/" + performance + "/seats").then().statusCode(200);
        catalog.stop();
        try {
            given().get("/api/performances/" + performance + "/seats").then().statusCode(200)
                    .body("seats.size()", is(200));
            given().get("/api/performances/" + (performance + 1000) + "/seats")
                    .then().statusCode(503).contentType("application/problem+json").header("Retry-After", notNullValue());
        } finally {
            catalog.startAgain();
            awaitCatalogReachable(performance + 1000);
        }
    }

    // The tests after this one need the catalog breaker closed. Answers after the outage still share its rolling
    // window with the failures and may open it, so wait for a whole window (10 > requestVolumeThreshold) of answers.
    private static void awaitCatalogReachable(long unknownPerformance) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        int answered = 0;
        while (answered < 10) {
            assertTrue(Instant.now().isBefore(deadline), "catalog-service did not come back");
            if (given().get("/api/performances/" + unknownPerformance + "/seats").statusCode() == 404) {
                answered++;
            } else {
                answered = 0;
                Thread.sleep(250);
            }
        }
    }
}
