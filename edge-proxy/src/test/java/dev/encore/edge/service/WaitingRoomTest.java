package dev.encore.edge.service;

import dev.encore.edge.EncoreStack;
import dev.encore.edge.Fans;
import dev.encore.testsupport.InjectServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A queued performance lets nobody in before its sales open, draws the fans who joined before then into a random
 * order, queues later fans behind them as they arrive, and lets them in from opening on at the configured rate; only
 * admitted fans with their pass may hold. %test: 2 fans are let in at opening, then 0.001 per second, so nobody
 * else within a test's time.
 */
@QuarkusTest
class WaitingRoomTest {

    @InjectServer
    EncoreStack stack;

    @Test
    void firstFansAreAdmittedTheRestWaitInOrderAndJoiningAgainKeepsThePlace() {
        // %test: the first 2 fans are let in, then almost nobody
        long performance = Fans.performance(Fans.admin(stack), true);
        Fans.Session first = Fans.signUp();
        Fans.Session second = Fans.signUp();
        Fans.Session third = Fans.signUp();
        Fans.Session fourth = Fans.signUp();

        join(first, performance).then().statusCode(200).body("state", equalTo("ADMITTED"));
        join(second, performance).then().statusCode(200).body("state", equalTo("ADMITTED"));
        join(third, performance).then().statusCode(200).body("state", equalTo("WAITING")).body("position", equalTo(1))
                .body("etaSeconds", greaterThan(0)).body("pass", nullValue());
        join(fourth, performance).then().statusCode(200).body("position", equalTo(2));
        join(third, performance).then().statusCode(200).body("position", equalTo(1));

        given().auth().oauth2(first.accessToken()).get("/api/queue/" + performance)
                .then().statusCode(200).body("state", equalTo("ADMITTED")).body("pass", notNullValue());
        given().auth().oauth2(third.accessToken()).get("/api/queue/" + performance)
                .then().statusCode(200).body("state", equalTo("WAITING")).body("pass", nullValue());
    }

    @Test
    void fansWhoJoinBeforeSalesOpenGetRandomPlacesAmongThemselvesAndLaterFansQueueBehindInArrivalOrder() {
        List<Fans.Session> early = IntStream.range(0, 20).mapToObj(i -> Fans.signUp()).toList();
        List<Fans.Session> late = IntStream.range(0, 3).mapToObj(i -> Fans.signUp()).toList();
        Instant opensAt = Instant.now().plusSeconds(8);
        long performance = Fans.performance(Fans.admin(stack), true, opensAt);
        for (int i = 0; i < early.size(); i++) {
            // before opening, a fan's place in the draw among those who joined so far
            join(early.get(i), performance).then().statusCode(200).body("state", equalTo("WAITING"))
                    .body("opensAt", notNullValue()).body("pass", nullValue())
                    .body("position", allOf(greaterThanOrEqualTo(1), lessThanOrEqualTo(i + 1)));
        }

        awaitOpening(opensAt);
        List<Map<String, Object>> drawn = early.stream().map(fan -> status(fan, performance)).toList();
        // places 1 and 2 are the initial batch; places 3..20 wait at positions 1..18
        assertEquals(2, drawn.stream().filter(place -> "ADMITTED".equals(place.get("state"))).count());
        List<Integer> waiting = drawn.stream().filter(place -> "WAITING".equals(place.get("state")))
                .map(place -> (Integer) place.get("position")).toList();
        assertEquals(IntStream.rangeClosed(1, 18).boxed().toList(), waiting.stream().sorted().toList());
        assertNotEquals(waiting.stream().sorted().toList(), waiting, "places follow the order of joining");

        for (int i = 0; i < late.size(); i++) {
            join(late.get(i), performance).then().statusCode(200).body("state", equalTo("WAITING"))
                    .body("position", equalTo(19 + i)).body("opensAt", nullValue());
        }
        // joining again keeps the first place, drawn or not
        join(late.get(0), performance).then().statusCode(200).body("position", equalTo(19));
        for (int i = 0; i < early.size(); i++) {
            join(early.get(i), performance).then().statusCode(200)
                    .body("state", equalTo(drawn.get(i).get("state"))).body("position", equalTo(drawn.get(i).get("position")));
        }
    }

    @Test
    void nobodyIsAdmittedBeforeSalesOpenEvenAfterWaiting() {
        Instant opensAt = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        long performance = Fans.performance(Fans.admin(stack), true, opensAt);
        Fans.Session first = Fans.signUp();
        Fans.Session second = Fans.signUp();
        join(first, performance).then().statusCode(200).body("state", equalTo("WAITING")).body("pass", nullValue())
                .body("opensAt", equalTo(opensAt.toString()));
        join(second, performance).then().statusCode(200).body("state", equalTo("WAITING")).body("pass", nullValue());

        sleep(Duration.ofSeconds(2));
        for (Fans.Session fan : List.of(first, second)) {
            given().auth().oauth2(fan.accessToken()).get("/api/queue/" + performance)
                    .then().statusCode(200).body("state", equalTo("WAITING")).body("pass", nullValue())
                    .body("position", allOf(greaterThanOrEqualTo(1), lessThanOrEqualTo(2)));
        }
    }

    @Test
    void theInitialBatchIsAdmittedWhenSalesOpen() {
        List<Fans.Session> fans = IntStream.range(0, 3).mapToObj(i -> Fans.signUp()).toList();
        Instant opensAt = Instant.now().plusSeconds(4);
        long performance = Fans.performance(Fans.admin(stack), true, opensAt);
        fans.forEach(fan -> join(fan, performance).then().statusCode(200).body("state", equalTo("WAITING")));

        awaitOpening(opensAt);
        List<Map<String, Object>> places = fans.stream().map(fan -> status(fan, performance)).toList();
        List<Map<String, Object>> admitted = places.stream().filter(place -> "ADMITTED".equals(place.get("state"))).toList();
        assertEquals(2, admitted.size(), places::toString);
        admitted.forEach(place -> assertNotNull(place.get("pass"), places::toString));
        assertEquals(List.of(1), places.stream().filter(place -> "WAITING".equals(place.get("state")))
                .map(place -> place.get("position")).toList(), places::toString);
    }

    @Test
    void etaCountsTheTimeUntilSalesOpenThenTheWaitAtTheAdmissionRate() {
        // %test admits 0.001 fans per second: each place beyond the initial batch of 2 is 1000 s more
        Instant opensAt = Instant.now().plus(1, ChronoUnit.HOURS);
        long scheduled = Fans.performance(Fans.admin(stack), true, opensAt);
        for (int i = 0; i < 3; i++) {
            Map<String, Object> place = join(Fans.signUp(), scheduled).then().statusCode(200).extract().jsonPath().getMap("");
            int position = (Integer) place.get("position");
            long untilOpening = Duration.between(Instant.now(), opensAt).toSeconds();
            long expected = untilOpening + Math.max(0, position - 2) * 1000L;
            assertThat(place.toString(), ((Number) place.get("etaSeconds")).longValue(),
                    allOf(greaterThanOrEqualTo(expected - 2), lessThanOrEqualTo(expected + 2)));
        }

        long open = Fans.performance(Fans.admin(stack), true);
        for (int i = 0; i < 4; i++) {
            Map<String, Object> place = join(Fans.signUp(), open).then().statusCode(200).extract().jsonPath().getMap("");
            if ("WAITING".equals(place.get("state"))) {
                // ceil((number - admitted) / rate), where admitted has grown by a fraction since opening
                long position = ((Number) place.get("position")).longValue();
                assertThat(place.toString(), ((Number) place.get("etaSeconds")).longValue(),
                        allOf(greaterThan((position - 1) * 1000), lessThanOrEqualTo(position * 1000)));
            }
        }
    }

    @Test
    void aRoomOpenedLongAgoLetsOnlyTheInitialBatchInAtOnce() {
        // 20 days at 0.001 per second would be 1,728 places: an idle room saves up no more than the initial batch
        long performance = Fans.performance(Fans.admin(stack), true, Instant.now().minus(20, ChronoUnit.DAYS));
        join(Fans.signUp(), performance).then().statusCode(200).body("state", equalTo("ADMITTED"));
        join(Fans.signUp(), performance).then().statusCode(200).body("state", equalTo("ADMITTED"));
        join(Fans.signUp(), performance).then().statusCode(200).body("state", equalTo("WAITING")).body("position", equalTo(1));
        join(Fans.signUp(), performance).then().statusCode(200).body("state", equalTo("WAITING")).body("position", equalTo(2));
    }

    @Test
    void holdsOnAQueuedPerformanceNeedTheHoldersOwnPass() {
        long performance = Fans.performance(Fans.admin(stack), true);
        Fans.Session admitted = Fans.signUp();
        Fans.Session other = Fans.signUp();
        join(admitted, performance).then().statusCode(200);
        String pass = given().auth().oauth2(admitted.accessToken()).get("/api/queue/" + performance)
                .then().statusCode(200).extract().path("pass");

        hold(admitted, performance, null).then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("urn:encore:problem:queue-pass-required"));
        hold(other, performance, pass).then().statusCode(403);
        hold(admitted, performance, "forged").then().statusCode(403);
        hold(admitted, performance, pass).then().statusCode(201);
        // the performance id written as a string is the same performance to booking-service
        given().auth().oauth2(other.accessToken()).contentType(ContentType.JSON)
                .body("{\"performanceId\":\"" + performance + "\",\"seatIds\":[\"B-1-1\"]}")
                .post("/api/holds").then().statusCode(403);
    }

    @Test
    void performancesWithoutAWaitingRoomAdmitAtOnceAndNeedNoPass() {
        long performance = Fans.performance(Fans.admin(stack), false);
        Fans.Session fan = Fans.signUp();
        join(fan, performance).then().statusCode(200).body("state", equalTo("ADMITTED")).body("position", equalTo(0));
        hold(fan, performance, null).then().statusCode(201);
    }

    @Test
    void unknownPerformancesAndFansWhoNeverJoinedGet404() {
        long performance = Fans.performance(Fans.admin(stack), true);
        Fans.Session fan = Fans.signUp();
        given().auth().oauth2(fan.accessToken()).get("/api/queue/" + performance)
                .then().statusCode(404).body("type", equalTo("urn:encore:problem:not-in-queue"));
        join(fan, 987_654_321L).then().statusCode(404).contentType("application/problem+json");
    }

    private static Map<String, Object> status(Fans.Session fan, long performance) {
        return given().auth().oauth2(fan.accessToken()).get("/api/queue/" + performance)
                .then().statusCode(200).extract().jsonPath().getMap("");
    }

    /** Sleeps until the room has opened; the edge judges by Redis's clock, which is this machine's. */
    private static void awaitOpening(Instant opensAt) {
        Duration left = Duration.between(Instant.now(), opensAt);
        assertTrue(left.isPositive(), "the fans joined too slowly: sales opened before the last one joined");
        sleep(left.plusMillis(300));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void eachRoomsNumbersAndAdmissionsAreGaugedForItsPerformance() {
        // %test: the first 2 fans are let in, then almost nobody
        long performance = Fans.performance(Fans.admin(stack), true);
        for (int fan = 0; fan < 3; fan++) {
            join(Fans.signUp(), performance).then().statusCode(200);
        }
        List<String> gauges = given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.contains("performance=\"" + performance + "\"")).toList();
        assertTrue(gauges.contains("encore_waiting_room_numbers{performance=\"" + performance + "\"} 3.0"), gauges.toString());
        assertTrue(gauges.contains("encore_waiting_room_admitted{performance=\"" + performance + "\"} 2.0"), gauges.toString());
    }

    private static Response join(Fans.Session fan, long performance) {
        return given().auth().oauth2(fan.accessToken()).post("/api/queue/" + performance);
    }

    private static Response hold(Fans.Session fan, long performance, String pass) {
        var request = given().auth().oauth2(fan.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("performanceId", performance, "seatIds", List.of("A-2-" + (1 + Math.floorMod(fan.email().hashCode(), 9)))));
        if (pass != null) {
            request.header("X-Queue-Pass", pass);
        }
        return request.post("/api/holds");
    }
}
