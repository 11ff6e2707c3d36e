package dev.encore.booking.rest;

import dev.encore.booking.BookingFixtures;
import dev.encore.testsupport.InjectServer;
import dev.encore.testsupport.PostgresServer;
import dev.encore.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class BestAvailableTest {

    @InjectServer
    PostgresServer postgres;

    @Test
    void anEmptyHouseGivesTheCentreOfTheDearestFrontRowAsAnOrdinaryHold() {
        long performance = BookingFixtures.performanceOnSale();
        String fan = TestTokens.user();

        Response best = best(fan, Map.of("performanceId", performance, "count", 2));

        best.then().statusCode(201).body("performanceId", is((int) performance))
                .body("seatIds", is(List.of("A-1-5", "A-1-6")))
                .header("Location", endsWith("/api/holds/" + best.path("holdId")));
        given().get("/api/performances/" + performance + "/seats").then()
                .body("seats.find { it.id == 'A-1-5' }.status", is("HELD"));
        given().auth().oauth2(fan).delete("/api/holds/" + best.path("holdId")).then().statusCode(204);
        best(fan, Map.of("performanceId", performance, "count", 2, "maxPrice", 45)).then().statusCode(201)
                .body("seatIds", is(List.of("B-1-5", "B-1-6")));
        best(TestTokens.user(), Map.of("performanceId", performance, "count", 3, "section", "A")).then().statusCode(201)
                .body("seatIds", is(List.of("A-1-4", "A-1-5", "A-1-6")));
    }

    @Test
    void noSingleSeatIsStrandedBetweenTakenSeatsWhenAnotherBlockAvoidsIt() {
        long performance = BookingFixtures.performanceOnSale();
        BookingFixtures.holdId(TestTokens.user(), performance, "A-1-3", "A-1-8");

        // 5-6 is nearest the centre, but would leave 4 alone between 3 and 5
        best(TestTokens.user(), Map.of("performanceId", performance, "count", 2, "section", "A")).then().statusCode(201)
                .body("seatIds", is(List.of("A-1-4", "A-1-5")));
    }

    @Test
    void whenNoBlockFitsTheAnswerIs409AndNothingIsHeld() {
        long performance = BookingFixtures.performanceOnSale();
        // booking-service records a performance's sales window when it first meets it: before the census
        given().get("/api/performances/" + performance + "/seats").then().statusCode(200);
        Map<String, Long> before = postgres.rowCounts("encore_booking", "seat_state_check");

        best(TestTokens.user(), Map.of("performanceId", performance, "count", 2, "maxPrice", 44.99)).then().statusCode(409)
                .contentType("application/problem+json").body("type", is("urn:encore:problem:no-block-fits"));

        assertEquals(before, postgres.rowCounts("encore_booking", "seat_state_check"));
    }

    @Test
    void badRequestsAre400NamingTheFieldAndHoldNothing() {
        long performance = BookingFixtures.performanceOnSale();
        // booking-service records a performance's sales window when it first meets it: before the census
        given().get("/api/performances/" + performance + "/seats").then().statusCode(200);
        Map<String, Long> before = postgres.rowCounts("encore_booking", "seat_state_check");
        Map<String, Map<String, Object>> refused = Map.of(
                "count", Map.of("performanceId", performance, "count", 5),
                "section", Map.of("performanceId", performance, "count", 2, "section", "Z"),
                "maxPrice", Map.of("performanceId", performance, "count", 2, "maxPrice", -1));
        refused.forEach((field, body) -> best(TestTokens.user(), body).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", is(field)));
        for (Object count : new Object[] {0, -1, "two", 2.5}) {
            best(TestTokens.user(), Map.of("performanceId", performance, "count", count)).then().statusCode(400)
                    .body("errors[0].field", is("count"));
        }
        best(TestTokens.user(), Map.of("performanceId", performance)).then().statusCode(400).body("errors[0].field", is("count"));
        best(TestTokens.user(), Map.of("performanceId", performance, "count", 2, "section", "A-1")).then().statusCode(400)
                .body("errors[0].field", is("section"));
        given().contentType(ContentType.JSON).body(Map.of("performanceId", performance, "count", 2)).post("/api/holds/best")
                .then().statusCode(401);

        assertEquals(before, postgres.rowCounts("encore_booking", "seat_state_check"));
    }

    @Test
    void theSeatLimitAndTheWaitingRoomApplyAsForAnyHold() {
        long performance = BookingFixtures.performanceOnSale();
        String fan = TestTokens.user();
        BookingFixtures.holdId(fan, performance, "B-9-1", "B-9-2", "B-9-3");

        best(fan, Map.of("performanceId", performance, "count", 2)).then().statusCode(409)
                .body("type", is("urn:encore:problem:seat-limit-reached"));

        long queued = BookingFixtures.performance(Map.of("queueEnabled", true));
        best(TestTokens.user(), Map.of("performanceId", queued, "count", 2)).then().statusCode(403)
                .body("type", is("urn:encore:problem:queue-pass-required"));
    }

    @Test
    void manyBuyersAtOnceGetDisjointBlocksOfAdjacentSeatsInOneRow() throws Exception {
        long performance = BookingFixtures.performanceOnSale();
        List<Callable<Response>> buyers = Collections.nCopies(24,
                () -> best(TestTokens.user(), Map.of("performanceId", performance, "count", 2, "section", "B")));

        List<Response> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(buyers.size())) {
            for (Future<Response> answer : pool.invokeAll(buyers)) {
                answers.add(answer.get());
            }
        }

        Set<String> held = new HashSet<>();
        int holds = 0;
        for (Response answer : answers) {
            if (answer.statusCode() == 409) {
                assertEquals("urn:encore:problem:no-block-fits", answer.path("type"));
                continue;
            }
            assertEquals(201, answer.statusCode(), answer.asString());
            holds++;
            List<String> seats = answer.jsonPath().getList("seatIds", String.class);
            String[] first = seats.get(0).split("-");
            String[] second = seats.get(1).split("-");
            assertEquals(first[1], second[1], "one row: " + seats);
            assertEquals(Integer.parseInt(first[2]) + 1, Integer.parseInt(second[2]), "adjacent: " + seats);
            for (String seat : seats) {
                assertTrue(held.add(seat), seat + " given to two buyers");
            }
        }
        // 24 buyers of 2 seats, 50 blocks of 2 in section B: a loser re-reads the states and draws wider each time, so
        // no buyer is refused while blocks are left (before: 14 of 100 buyers got seats in a 1,000-seat house)
        assertEquals(buyers.size(), holds, "every buyer got a block");
        Map<String, String> states = new HashMap<>();
        given().get("/api/performances/" + performance + "/seats").then().extract().jsonPath()
                .getList("seats", Map.class).forEach(seat -> states.put((String) seat.get("id"), (String) seat.get("status")));
        held.forEach(seat -> assertEquals("HELD", states.get(seat), seat));
        assertEquals(held.size(), states.values().stream().filter("HELD"::equals).count(), "no seat held but the answered ones");
        // the storm left seats: the next buyer still gets a block
        best(TestTokens.user(), Map.of("performanceId", performance, "count", 2, "section", "B")).then().statusCode(201);
    }

    private static Response best(String token, Map<String, ?> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/api/holds/best");
    }
}
