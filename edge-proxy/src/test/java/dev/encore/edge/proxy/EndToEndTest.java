package dev.encore.edge.proxy;

import dev.encore.edge.EncoreStack;
import dev.encore.edge.Fans;
import dev.encore.testsupport.InjectServer;
import dev.encore.testsupport.ServerSentEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The public API through the edge alone, against the real services behind it. */
@QuarkusTest
class EndToEndTest {

    @InjectServer
    EncoreStack stack;

    @Test
    void fanSignsUpBrowsesHoldsBooksCancelsLogsOutAndIsRefused() {
        long performance = Fans.performance(Fans.admin(stack), false);
        Fans.Session fan = Fans.signUp();

        given().auth().oauth2(fan.accessToken()).get("/api/users/me")
                .then().statusCode(200).body("email", equalTo(fan.email()));
        given().get("/api/performances?status=ON_SALE").then().statusCode(200).body("items.id", hasItem((int) performance));
        given().get("/api/performances/" + performance).then().statusCode(200).body("title", equalTo("Edge Night"));
        given().get("/api/performances/" + performance + "/seats")
                .then().statusCode(200).body("seats", hasSize(100)).body("seats[0].status", equalTo("AVAILABLE"));

        String holdId = given().auth().oauth2(fan.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("performanceId", performance, "seatIds", List.of("A-1-1", "A-1-2")))
                .post("/api/holds").then().statusCode(201).extract().path("holdId");
        String bookingId = given().auth().oauth2(fan.accessToken()).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString()).body(Map.of("holdId", holdId))
                .post("/api/bookings").then().statusCode(201).body("status", equalTo("CONFIRMED")).extract().path("id");
        given().get("/api/performances/" + performance + "/seats").then().statusCode(200)
                .body("seats.find { it.id == 'A-1-1' }.status", equalTo("SOLD"));
        given().auth().oauth2(fan.accessToken()).get("/api/bookings").then().statusCode(200).body("id", hasItem(bookingId));
        given().auth().oauth2(fan.accessToken()).post("/api/bookings/" + bookingId + "/cancel")
                .then().statusCode(200).body("status", equalTo("CANCELLED"));

        given().auth().oauth2(fan.accessToken()).post("/api/auth/logout").then().statusCode(204);
        given().auth().oauth2(fan.accessToken()).get("/api/bookings")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void aFanHoldsTheBestSeatsGetsTicketsAndADoorScannerGrantedByTheAdministratorAdmitsEachOnce() {
        Fans.Session admin = Fans.admin(stack);
        long performance = Fans.performance(admin, false);
        Fans.Session fan = Fans.signUp();
        // the best two adjacent seats of section B: the centre of its front row
        String holdId = given().auth().oauth2(fan.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("performanceId", performance, "count", 2, "section", "B"))
                .post("/api/holds/best").then().statusCode(201).body("seatIds", equalTo(List.of("B-1-5", "B-1-6")))
                .extract().path("holdId");
        String bookingId = given().auth().oauth2(fan.accessToken()).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString()).body(Map.of("holdId", holdId))
                .post("/api/bookings").then().statusCode(201).extract().path("id");
        List<String> codes = given().auth().oauth2(fan.accessToken()).get("/api/bookings/" + bookingId + "/tickets")
                .then().statusCode(200).body("seatId", equalTo(List.of("B-1-5", "B-1-6")))
                .body("[0].qrSvg", matchesPattern("<svg .*</svg>")).extract().jsonPath().getList("code", String.class);
        given().get("/api/tickets/jwks.json").then().statusCode(200).body("keys[0].alg", equalTo("ES256"));

        Fans.Session door = Fans.signUp();
        String doorId = given().auth().oauth2(door.accessToken()).get("/api/users/me").then().extract().path("id");
        given().auth().oauth2(door.accessToken()).contentType(ContentType.JSON).body(Map.of("code", codes.get(0)))
                .post("/api/check-ins").then().statusCode(403);
        given().auth().oauth2(door.accessToken()).put("/api/users/" + doorId + "/roles/SCANNER").then().statusCode(403);
        given().auth().oauth2(admin.accessToken()).put("/api/users/" + doorId + "/roles/SCANNER")
                .then().statusCode(200).body("roles", hasItem("SCANNER"));
        Fans.Session scanner = Fans.login(door.email(), "correct-horse-battery", "198.51.102.1");

        given().auth().oauth2(scanner.accessToken()).contentType(ContentType.JSON).body(Map.of("code", codes.get(0)))
                .post("/api/check-ins").then().statusCode(200).body("seatId", equalTo("B-1-5"));
        given().auth().oauth2(scanner.accessToken()).contentType(ContentType.JSON).body(Map.of("code", codes.get(0)))
                .post("/api/check-ins").then().statusCode(409).body("checkedInAt", notNullValue());
        given().contentType(ContentType.JSON).body(Map.of("code", codes.get(1))).post("/api/check-ins")
                .then().statusCode(401);
        given().auth().oauth2(fan.accessToken()).post("/api/bookings/" + bookingId + "/cancel").then().statusCode(409)
                .body("type", equalTo("urn:encore:problem:booking-checked-in"));
    }

    @Test
    void theLiveSeatMapStreamsThroughTheEdgeWithoutAToken() throws Exception {
        long performance = Fans.performance(Fans.admin(stack), false);
        Fans.Session fan = Fans.signUp();
        try (ServerSentEvents events = ServerSentEvents.open(
                "http://localhost:" + RestAssured.port + "/api/performances/" + performance + "/seats/events", null)) {
            assertEquals("snapshot", events.next().name());
            given().auth().oauth2(fan.accessToken()).contentType(ContentType.JSON)
                    .body(Map.of("performanceId", performance, "seatIds", List.of("A-3-3")))
                    .post("/api/holds").then().statusCode(201);
            assertEquals("HELD", events.nextAbout("A-3-3").status("A-3-3"));
            // quiet for longer than the edge's upstream idle timeout (8 s): the stream stays open
            Thread.sleep(9_000);
            given().auth().oauth2(fan.accessToken()).contentType(ContentType.JSON)
                    .body(Map.of("performanceId", performance, "seatIds", List.of("A-3-4")))
                    .post("/api/holds").then().statusCode(201);
            assertEquals("HELD", events.nextAbout("A-3-4").status("A-3-4"));
        }
    }

    @Test
    void aFanWaitsForASoldOutPerformanceAndBuysTheSeatACancelFreed() {
        Fans.Session admin = Fans.admin(stack);
        long performance = Fans.smallPerformance(admin, 1);
        Fans.Session buyer = Fans.signUp();
        Fans.Session waiter = Fans.signUp();
        String holdId = given().auth().oauth2(buyer.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("performanceId", performance, "seatIds", List.of("A-1-1"))).post("/api/holds")
                .then().statusCode(201).extract().path("holdId");
        String bookingId = given().auth().oauth2(buyer.accessToken()).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString()).body(Map.of("holdId", holdId))
                .post("/api/bookings").then().statusCode(201).extract().path("id");
        String waitlist = "/api/performances/" + performance + "/waitlist";

        given().contentType(ContentType.JSON).body(Map.of("count", 1)).post(waitlist).then().statusCode(401);
        given().auth().oauth2(waiter.accessToken()).contentType(ContentType.JSON).body(Map.of("count", 1)).post(waitlist)
                .then().statusCode(201).body("position", equalTo(1));
        given().auth().oauth2(buyer.accessToken()).post("/api/bookings/" + bookingId + "/cancel").then().statusCode(200);

        // the offer round runs every second, and at once after the cancel
        Response entry = Awaitility.await("the waiter's offer").atMost(Duration.ofSeconds(15))
                .until(() -> given().auth().oauth2(waiter.accessToken()).get(waitlist),
                        answer -> "OFFERED".equals(answer.path("status")));
        assertEquals(List.of("A-1-1"), entry.jsonPath().getList("offer.seatIds", String.class));
        given().auth().oauth2(waiter.accessToken()).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString()).body(Map.of("holdId", entry.path("offer.holdId")))
                .post("/api/bookings").then().statusCode(201).body("seatIds", equalTo(List.of("A-1-1")));
    }

    // the services see only the edge's hop; the Location they answer must still be where the client can go
    @Test
    void everyCreatedResourceIsLocatedWhereTheClientCalledTheEdge() {
        String edge = "http://localhost:" + RestAssured.port;
        Response signUp = given().header("X-Forwarded-For", "198.51.100.253").contentType(ContentType.JSON)
                .body(Map.of("email", "located-" + UUID.randomUUID() + "@example.org", "password", "correct-horse-battery",
                        "name", "Fan"))
                .post("/api/users");
        signUp.then().statusCode(201).header("Location", equalTo(edge + "/api/users/" + signUp.path("id")));

        Fans.Session admin = Fans.admin(stack);
        Response venue = given().auth().oauth2(admin.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("name", "Located Hall", "sections", List.of(Map.of("name", "A", "rows", 1, "seatsPerRow", 2))))
                .post("/api/venues");
        venue.then().statusCode(201).header("Location", equalTo(edge + "/api/venues/" + venue.path("id")));
        Instant start = Instant.now().plus(30, ChronoUnit.DAYS);
        Response performance = given().auth().oauth2(admin.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("venueId", venue.<Integer>path("id"), "title", "Located Night", "startsAt", start.toString(),
                        "endsAt", start.plus(3, ChronoUnit.HOURS).toString(), "prices", Map.of("A", 10)))
                .post("/api/performances");
        performance.then().statusCode(201).header("Location", equalTo(edge + "/api/performances/" + performance.path("id")));

        Fans.Session fan = Fans.signUp();
        Response hold = given().auth().oauth2(fan.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("performanceId", performance.<Integer>path("id"), "seatIds", List.of("A-1-1")))
                .post("/api/holds");
        hold.then().statusCode(201).header("Location", equalTo(edge + "/api/holds/" + hold.path("holdId")));
    }

    @Test
    void everyAnswerCarriesTheCallersRequestIdOrANewOne() {
        given().header("X-Request-Id", "trace-42").get("/api/performances")
                .then().statusCode(200).header("X-Request-Id", "trace-42");
        given().get("/api/performances/999999")
                .then().statusCode(404).header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"));
        given().get("/api/bookings").then().statusCode(401).header("X-Request-Id", notNullValue());
        given().get("/api/no-such-thing").then().statusCode(404).contentType("application/problem+json")
                .header("X-Request-Id", notNullValue());
    }

    @Test
    void notModifiedSeatMapsComeBackWithoutABody() {
        long performance = Fans.performance(Fans.admin(stack), false);
        String etag = given().get("/api/performances/" + performance + "/seats").then().statusCode(200)
                .extract().header("ETag");
        given().header("If-None-Match", etag).get("/api/performances/" + performance + "/seats")
                .then().statusCode(304).header("Transfer-Encoding", nullValue());
    }

    @Test
    void jwksIsServedPubliclyThroughTheEdge() {
        given().get("/.well-known/jwks.json").then().statusCode(200).body("keys[0].alg", equalTo("RS256"));
    }
}
