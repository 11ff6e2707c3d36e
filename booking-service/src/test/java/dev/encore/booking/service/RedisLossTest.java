package dev.encore.booking.service;

import dev.encore.booking.BookingFixtures;
import dev.encore.testsupport.InjectServer;
import dev.encore.testsupport.PostgresServer;
import dev.encore.testsupport.TestRedis;
import dev.encore.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Redis is an accelerator, not the arbiter: when it comes back empty, PostgreSQL still refuses a second holder. */
@QuarkusTest
@TestProfile(RedisLossTest.ShortHolds.class)
class RedisLossTest {

    public static class ShortHolds implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // no restoring of the seat locks here: these tests show what PostgreSQL refuses on its own. A hold
            // outlives a restart of Redis: a fresh cluster takes seconds to form, one server a tenth of one
            return Map.of("encore.booking.hold-ttl", TestRedis.clusterRequested() ? "PT12S" : "PT3S",
                    "encore.booking.seat-state-check-interval", "1h");
        }
    }

    @InjectServer
    TestRedis redis;

    @InjectServer
    PostgresServer postgres;

    @Test
    void afterRedisRestartsEmptyPostgresqlRefusesTheSeatUntilTheHoldExpiresThenALargerTokenWins() throws Exception {
        long performance = BookingFixtures.performanceOnSale();
        Instant expires = Instant.parse(BookingFixtures.hold(TestTokens.user(), performance, "A-7-7")
                .then().statusCode(201).extract().path("expiresAt"));
        long firstFence = fenceOf(performance, "A-7-7");

        redis.startAgain();
        assertTrue(Instant.now().isBefore(expires), "Redis took until the hold expired to start again");

        String second = TestTokens.user();
        BookingFixtures.hold(second, performance, "A-7-7")
                .then().statusCode(409)
                .body("type", is("urn:encore:problem:seats-unavailable"))
                .body("unavailableSeatIds", contains("A-7-7"));

        sleepUntilPast(expires);
        BookingFixtures.hold(second, performance, "A-7-7").then().statusCode(201);
        long secondFence = fenceOf(performance, "A-7-7");
        assertTrue(secondFence > firstFence, "fencing tokens never go backwards: " + firstFence + " then " + secondFence);
    }

    @Test
    void aHolderWhoseHoldExpiredAndWasTakenOverCannotConfirm() throws Exception {
        long performance = BookingFixtures.performanceOnSale();
        String paused = TestTokens.user();
        var stale = BookingFixtures.hold(paused, performance, "B-1-1").then().statusCode(201).extract();
        String staleHold = stale.path("holdId");
        sleepUntilPast(Instant.parse(stale.path("expiresAt")));
        String quick = TestTokens.user();
        BookingFixtures.book(quick, BookingFixtures.holdId(quick, performance, "B-1-1"), UUID.randomUUID().toString())
                .then().statusCode(201);

        BookingFixtures.book(paused, staleHold, UUID.randomUUID().toString())
                .then().statusCode(409).body("type", is("urn:encore:problem:hold-expired"));
    }

    private static void sleepUntilPast(Instant instant) throws InterruptedException {
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), instant).toMillis()) + 500);
    }

    private long fenceOf(long performance, String seat) throws Exception {
        try (Connection connection = postgres.superuserConnection("encore_booking"); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT fence FROM seat_claim WHERE performance_id = " + performance
                     + " AND seat_id = '" + seat + "'")) {
            row.next();
            return row.getLong(1);
        }
    }
}
