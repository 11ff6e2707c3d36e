package dev.encore.booking.service;

import dev.encore.booking.BookingFixtures;
import dev.encore.testsupport.InjectServer;
import dev.encore.testsupport.TestRedis;
import dev.encore.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.hamcrest.Matchers.is;

/** A performance closed in catalog-service refuses holds at once, not only after the status cache expires. */
@QuarkusTest
class StatusChangeTest {

    @InjectServer
    TestRedis redis;

    @Test
    void aClosingAnnouncedOnTheChannelStopsHoldsAtOnce() {
        long performance = BookingFixtures.performanceOnSale();
        BookingFixtures.hold(TestTokens.user(), performance, "A-1-1").then().statusCode(201);

        BookingFixtures.close(performance);

        // well inside the 5 s status TTL: only the announcement can have evicted the cached ON_SALE
        BookingFixtures.hold(TestTokens.user(), performance, "A-1-2").then().statusCode(409)
                .body("type", is("urn:encore:problem:sales-closed"));
    }

    @Test
    void theListenerSubscribesAgainAfterRedisRestarts() throws InterruptedException {
        redis.startAgain();
        long performance = BookingFixtures.performanceOnSale();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        Response hold;
        do {
            Thread.sleep(1_000);
            hold = BookingFixtures.hold(TestTokens.user(), performance, "A-2-1");
        } while (hold.statusCode() != 201 && Instant.now().isBefore(deadline));
        hold.then().statusCode(201);
        // two probe rounds: long enough to notice the lost subscription and subscribe again
        Thread.sleep(11_000);
        // caches ON_SALE afresh: from here only the announcement can make the next hold see the closing in time
        BookingFixtures.hold(TestTokens.user(), performance, "A-2-3").then().statusCode(201);

        BookingFixtures.close(performance);

        BookingFixtures.hold(TestTokens.user(), performance, "A-2-2").then().statusCode(409)
                .body("type", is("urn:encore:problem:sales-closed"));
    }
}
