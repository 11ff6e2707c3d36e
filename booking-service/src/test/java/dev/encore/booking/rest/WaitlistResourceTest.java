package dev.encore.booking.rest;

import dev.encore.booking.BookingFixtures;
import dev.encore.booking.WaitlistFixtures;
import dev.encore.testsupport.InjectServer;
import dev.encore.testsupport.PostgresServer;
import dev.encore.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class WaitlistResourceTest {

    @InjectServer
    PostgresServer postgres;

    private final List<Long> performances = new ArrayList<>();

    @AfterEach
    void endTheLists() {
        performances.forEach(performance -> WaitlistFixtures.closeAndAwaitNoLiveEntries(postgres, performance));
    }

    @Test
    void aSoldOutPerformanceTakesWaitersInOrderOneEntryEach() {
        long performance = soldOut(4);
        String first = TestTokens.user();
        String second = TestTokens.user();

        WaitlistFixtures.join(first, performance, 2).then().statusCode(201).contentType(ContentType.JSON)
                .header("Location", endsWith("/api/performances/" + performance + "/waitlist"))
                .body("position", is(1)).body("count", is(2)).body("status", is("WAITING"))
                .body("performanceId", is((int) performance)).body("offer", nullValue());
        WaitlistFixtures.join(second, performance, 1).then().statusCode(201).body("position", is(2));
        WaitlistFixtures.join(first, performance, 1).then().statusCode(409)
                .contentType("application/problem+json").body("type", is("urn:encore:problem:already-waiting"));

        given().auth().oauth2(second).get(WaitlistFixtures.path(performance)).then().statusCode(200)
                .body("position", is(2)).body("count", is(1)).body("status", is("WAITING"));
        given().auth().oauth2(first).delete(WaitlistFixtures.path(performance)).then().statusCode(204);
        given().auth().oauth2(second).get(WaitlistFixtures.path(performance)).then().statusCode(200).body("position", is(1));
        given().auth().oauth2(first).get(WaitlistFixtures.path(performance)).then().statusCode(404)
                .body("type", is("urn:encore:problem:waitlist-entry-not-found"));
        given().auth().oauth2(first).delete(WaitlistFixtures.path(performance)).then().statusCode(404);
        // leaving ends the entry: joining again puts the caller at the end
        WaitlistFixtures.join(first, performance, 2).then().statusCode(201).body("position", is(2));
    }

    @Test
    void anEntryIsSeenAndEndedOnlyByItsOwnerWhateverThePathsSpelling() {
        long performance = soldOut(2);
        String owner = TestTokens.user();
        String other = TestTokens.user();
        WaitlistFixtures.join(owner, performance, 1).then().statusCode(201);

        given().auth().oauth2(other).get(WaitlistFixtures.path(performance)).then().statusCode(404);
        given().auth().oauth2(other).delete(WaitlistFixtures.path(performance)).then().statusCode(404);
        given().auth().oauth2(other).delete("/api/performances/" + performance + "/waitlist/").then().statusCode(404);
        given().auth().oauth2(other).delete("/api/performances/0" + performance + "/waitlist").then().statusCode(404);
        given().get(WaitlistFixtures.path(performance)).then().statusCode(401);
        given().delete(WaitlistFixtures.path(performance)).then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("count", 1)).post(WaitlistFixtures.path(performance))
                .then().statusCode(401);

        given().auth().oauth2(owner).get(WaitlistFixtures.path(performance)).then().statusCode(200).body("position", is(1));
        // the path exists, these methods do not
        given().auth().oauth2(owner).contentType(ContentType.JSON).body(Map.of("count", 1)).put(WaitlistFixtures.path(performance))
                .then().statusCode(405).contentType("application/problem+json");
        given().auth().oauth2(owner).contentType(ContentType.JSON).body(Map.of("count", 1)).patch(WaitlistFixtures.path(performance))
                .then().statusCode(405);
    }

    @Test
    void aPerformanceWithFreeSeatsIsHeldNotWaitedFor() {
        long performance = BookingFixtures.smallPerformance(3);
        performances.add(performance);
        BookingFixtures.holdId(TestTokens.user(), performance, "A-1-1");

        WaitlistFixtures.join(TestTokens.user(), performance, 2).then().statusCode(409)
                .contentType("application/problem+json").body("type", is("urn:encore:problem:not-sold-out"));
        // one seat left: a waiter for two is taken
        BookingFixtures.holdId(TestTokens.user(), performance, "A-1-2");
        WaitlistFixtures.join(TestTokens.user(), performance, 2).then().statusCode(201);
        // the free seat is one no waiter can take: it is on sale, so a newcomer for one seat holds it
        String newcomer = TestTokens.user();
        WaitlistFixtures.join(newcomer, performance, 1).then().statusCode(409)
                .body("type", is("urn:encore:problem:not-sold-out"));
        BookingFixtures.holdId(newcomer, performance, "A-1-3");
        WaitlistFixtures.join(TestTokens.user(), performance, 1).then().statusCode(201).body("position", is(2));
    }

    @Test
    void aWaiterMayNotWaitForMoreSeatsThanItsLimitLeaves() {
        long performance = soldOut(4);
        String holder = TestTokens.user();
        long other = BookingFixtures.smallPerformance(4);
        performances.add(other);
        BookingFixtures.holdId(holder, other, "A-1-1", "A-1-2", "A-1-3");
        BookingFixtures.holdId(TestTokens.user(), other, "A-1-4");

        WaitlistFixtures.join(holder, other, 2).then().statusCode(409)
                .body("type", is("urn:encore:problem:seat-limit-reached"));
        WaitlistFixtures.join(holder, other, 1).then().statusCode(201);
        // another performance's seats do not count
        WaitlistFixtures.join(holder, performance, 4).then().statusCode(201);
    }

    @Test
    void badRequestsAre400NamingCountAndStoreNothing() {
        long performance = soldOut(2);
        long closed = BookingFixtures.performanceOnSale();
        BookingFixtures.close(closed);
        long queued = BookingFixtures.performance(Map.of("queueEnabled", true));
        // booking-service records a performance's sales window when it first meets it: before the census
        given().get("/api/performances/" + queued + "/seats").then().statusCode(200);
        Map<String, Long> before = postgres.rowCounts("encore_booking", "seat_state_check");

        for (Object count : new Object[] {0, -1, 5, "two", 1.5}) {
            given().auth().oauth2(TestTokens.user()).contentType(ContentType.JSON).body(Map.of("count", count))
                    .post(WaitlistFixtures.path(performance)).then().statusCode(400)
                    .contentType("application/problem+json").body("errors[0].field", is("count"));
        }
        given().auth().oauth2(TestTokens.user()).contentType(ContentType.JSON).body(Map.of())
                .post(WaitlistFixtures.path(performance)).then().statusCode(400).body("errors[0].field", is("count"));
        WaitlistFixtures.join(TestTokens.user(), 987654321L, 1).then().statusCode(404)
                .body("type", is("urn:encore:problem:performance-not-found"));
        WaitlistFixtures.join(TestTokens.user(), closed, 1).then().statusCode(409)
                .body("type", is("urn:encore:problem:sales-closed"));
        // more seats than the performance has could never be offered
        WaitlistFixtures.join(TestTokens.user(), performance, 3).then().statusCode(400).body("errors[0].field", is("count"));
        // a performance with a waiting room is waited for only with its pass, as it is held
        WaitlistFixtures.join(TestTokens.user(), queued, 1).then().statusCode(403)
                .body("type", is("urn:encore:problem:queue-pass-required"));

        assertEquals(before, postgres.rowCounts("encore_booking", "seat_state_check"));
    }

    // a performance of `seats` seats, each held by another user
    private long soldOut(int seats) {
        long performance = BookingFixtures.smallPerformance(seats);
        performances.add(performance);
        for (int seat = 1; seat <= seats; seat++) {
            BookingFixtures.holdId(TestTokens.user(), performance, "A-1-" + seat);
        }
        return performance;
    }
}
