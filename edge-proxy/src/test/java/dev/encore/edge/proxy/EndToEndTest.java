package dev.encore.edge.proxy;

import dev.encore.edge.EncoreStack;
import dev.encore.edge.Fans;
import dev.encore.testsupport.InjectServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

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
