package dev.encore.edge.service;

import dev.encore.edge.EncoreStack;
import dev.encore.edge.Fans;
import dev.encore.testsupport.InjectServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** A queued performance lets fans in by their place in line, and only admitted fans with their pass may hold. */
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
