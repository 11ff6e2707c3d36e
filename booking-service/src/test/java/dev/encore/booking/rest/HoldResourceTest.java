package dev.encore.booking.rest;

import dev.encore.booking.BookingFixtures;
import dev.encore.testsupport.TestTokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class HoldResourceTest {

    @Inject
    RedisDataSource redis;

    @Test
    void aHoldOnAQueuedPerformanceNeedsThePassTheEdgeIssuedToThatFanEvenWhenItReachesTheServiceDirectly() {
        long performance = BookingFixtures.performance(Map.of("queueEnabled", true));
        String userId = UUID.randomUUID().toString();
        String fan = TestTokens.forUser(userId, "USER");
        BookingFixtures.hold(fan, performance, "A-1-1").then().statusCode(403)
                .contentType("application/problem+json").body("type", is("urn:encore:problem:queue-pass-required"));

        // as edge-proxy's waiting room issues it
        redis.value(String.class).set("edge:queue:{perf:" + performance + "}:pass:" + userId, "pass-of-the-fan");

        holdWithPass(fan, performance, "someone-elses-pass").then().statusCode(403);
        holdWithPass(TestTokens.user(), performance, "pass-of-the-fan").then().statusCode(403);
        holdWithPass(fan, performance, "pass-of-the-fan").then().statusCode(201);
    }

    private static io.restassured.response.Response holdWithPass(String token, long performance, String pass) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).header("X-Queue-Pass", pass)
                .body(Map.of("performanceId", performance, "seatIds", List.of("A-1-1"))).post("/api/holds");
    }

    @Test
    void aHoldTakesTheSeatsUntilItExpires() {
        long performance = BookingFixtures.performanceOnSale();
        BookingFixtures.hold(TestTokens.user(), performance, "A-1-1", "A-1-2")
                .then().statusCode(201)
                .header("Location", containsString("/api/holds/"))
                .body("holdId", notNullValue())
                .body("performanceId", is((int) performance))
                .body("seatIds", contains("A-1-1", "A-1-2"))
                .body("expiresAt", notNullValue());
        given().get("/api/performances/" + performance + "/seats").then().statusCode(200)
                .body("seats.find { it.id == 'A-1-1' }.status", is("HELD"))
                .body("seats.find { it.id == 'A-1-3' }.status", is("AVAILABLE"));
    }

    @Test
    void secondHolderOfTheSameSeatGets409NamingIt() {
        long performance = BookingFixtures.performanceOnSale();
        BookingFixtures.hold(TestTokens.user(), performance, "B-2-2").then().statusCode(201);
        BookingFixtures.hold(TestTokens.user(), performance, "B-2-1", "B-2-2")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", is("urn:encore:problem:seats-unavailable"))
                .body("unavailableSeatIds", contains("B-2-2"));
        // all or nothing: the free seat of the refused request is still free
        BookingFixtures.hold(TestTokens.user(), performance, "B-2-1").then().statusCode(201);
    }

    @Test
    void releasingAHoldFreesItsSeatsForAnotherUser() {
        long performance = BookingFixtures.performanceOnSale();
        String owner = TestTokens.user();
        String holdId = BookingFixtures.hold(owner, performance, "A-5-5").then().statusCode(201).extract().path("holdId");
        BookingFixtures.hold(TestTokens.user(), performance, "A-5-5").then().statusCode(409);

        given().auth().oauth2(owner).delete("/api/holds/" + holdId).then().statusCode(204);

        BookingFixtures.hold(TestTokens.user(), performance, "A-5-5").then().statusCode(201);
    }

    @Test
    void anotherUsersHoldIs404AndStaysHeld() {
        long performance = BookingFixtures.performanceOnSale();
        String holdId = BookingFixtures.hold(TestTokens.user(), performance, "A-6-6").then().statusCode(201).extract().path("holdId");
        given().auth().oauth2(TestTokens.user()).delete("/api/holds/" + holdId)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.user()).delete("/api/holds/" + UUID.randomUUID()).then().statusCode(404);
        BookingFixtures.hold(TestTokens.user(), performance, "A-6-6").then().statusCode(409);
    }

    @Test
    void holdsNeedAToken() {
        given().contentType(ContentType.JSON).body(Map.of("performanceId", 1, "seatIds", List.of("A-1-1")))
                .post("/api/holds").then().statusCode(401).contentType("application/problem+json");
        given().delete("/api/holds/" + UUID.randomUUID()).then().statusCode(401);
    }

    @Test
    void malformedRequestsGet400NamingTheField() {
        long performance = BookingFixtures.performanceOnSale();
        String user = TestTokens.user();
        BookingFixtures.hold(user, performance).then().statusCode(400).body("errors.field", contains("seatIds"));
        BookingFixtures.hold(user, performance, "A-1-1", "A-1-1").then().statusCode(400)
                .body("errors.field", contains("seatIds")).body("detail", containsString("A-1-1"));
        BookingFixtures.hold(user, performance, "A-1").then().statusCode(400).body("detail", containsString("A-1"));
        BookingFixtures.hold(user, performance, "A-1-1", "A-1-2", "A-1-3", "A-1-4", "A-1-5").then().statusCode(400)
                .body("detail", containsString("at most 4"));
        given().auth().oauth2(user).contentType(ContentType.JSON)
                .body("{\"performanceId\": \"forty-two\", \"seatIds\": [\"A-1-1\"]}").post("/api/holds")
                .then().statusCode(400).body("errors.field", contains("performanceId"));
    }

    @Test
    void seatsOutsideTheLayoutGet400NamingThem() {
        long performance = BookingFixtures.performanceOnSale();
        BookingFixtures.hold(TestTokens.user(), performance, "A-11-1", "C-1-1", "A-1-1")
                .then().statusCode(400)
                .body("errors.field", contains("seatIds"))
                .body("detail", containsString("A-11-1, C-1-1"));
    }

    @Test
    void unknownPerformanceIs404AndAClosedOneIs409() {
        BookingFixtures.hold(TestTokens.user(), 987654321L, "A-1-1").then().statusCode(404)
                .body("type", is("urn:encore:problem:performance-not-found"));
        long performance = BookingFixtures.performanceOnSale();
        BookingFixtures.close(performance);
        BookingFixtures.hold(TestTokens.user(), performance, "A-1-1").then().statusCode(409)
                .body("type", is("urn:encore:problem:sales-closed"));
    }

    @Test
    void oneUserMayHoldAtMostFourSeatsOfAPerformance() {
        long performance = BookingFixtures.performanceOnSale();
        String fan = TestTokens.forUser(UUID.randomUUID().toString(), "USER");
        BookingFixtures.hold(fan, performance, "A-9-1", "A-9-2", "A-9-3").then().statusCode(201);
        BookingFixtures.hold(fan, performance, "A-9-4", "A-9-5").then().statusCode(409)
                .body("type", is("urn:encore:problem:seat-limit-reached"));
        BookingFixtures.hold(fan, performance, "A-9-4").then().statusCode(201);
        // and the refused attempt left its seats free for others
        BookingFixtures.hold(TestTokens.user(), performance, "A-9-5").then().statusCode(201);
    }
}
