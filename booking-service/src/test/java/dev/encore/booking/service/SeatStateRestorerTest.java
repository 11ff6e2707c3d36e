package dev.encore.booking.service;

import dev.encore.booking.BookingFixtures;
import dev.encore.testsupport.InjectServer;
import dev.encore.testsupport.TestRedis;
import dev.encore.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A Redis that restarted empty gets its seat locks back from PostgreSQL, so the seat map tells the truth again. */
@QuarkusTest
class SeatStateRestorerTest {

    @InjectServer
    TestRedis redis;

    @Test
    void afterRedisRestartsEmptyHeldAndSoldSeatsAreLockedAgain() throws Exception {
        long performance = BookingFixtures.performanceOnSale();
        String buyer = TestTokens.user();
        BookingFixtures.book(buyer, BookingFixtures.holdId(buyer, performance, "A-8-8"), UUID.randomUUID().toString())
                .then().statusCode(201);
        BookingFixtures.holdId(TestTokens.user(), performance, "A-8-9");

        redis.startAgain();

        // the seat map would show these seats from PostgreSQL while Redis is unreachable: look at Redis itself
        String sold = "{perf:" + performance + "}:seat:A-8-8";
        String held = "{perf:" + performance + "}:seat:A-8-9";
        Instant deadline = Instant.now().plusSeconds(20);
        while (!(":1".equals(redis.command("EXISTS " + sold)) && ":1".equals(redis.command("EXISTS " + held)))) {
            assertTrue(Instant.now().isBefore(deadline), "the seat locks were not restored");
            Thread.sleep(200);
        }
        assertEquals(":-1", redis.command("PTTL " + sold), "a sale is locked for good");
        long heldFor = Long.parseLong(redis.command("PTTL " + held).substring(1));
        assertTrue(heldFor > 0 && heldFor <= 300_000, "a hold is locked for the time it has left: " + heldFor);

        given().get("/api/performances/" + performance + "/seats").then().statusCode(200)
                .body("seats.find { it.id == 'A-8-8' }.status", is("SOLD"))
                .body("seats.find { it.id == 'A-8-9' }.status", is("HELD"));
    }
}
