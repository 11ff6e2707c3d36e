package dev.encore.edge.security;

import dev.encore.edge.EncoreStack;
import dev.encore.edge.Fans;
import dev.encore.testsupport.InjectServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which calls need a token at the edge, and how quickly a revoked one stops working: at once after a logout through
 * this edge, within a second otherwise (RateLimiterReplicasTest has the bound of a revocation written elsewhere).
 */
@QuarkusTest
class TokenCheckTest {

    @InjectServer
    EncoreStack stack;

    @Test
    void logoutRefusesThatAccessTokenAtTheEdgeAtOnce() {
        Fans.Session fan = Fans.signUp();
        // the edge has verified and remembered this token before the logout
        given().auth().oauth2(fan.accessToken()).get("/api/bookings").then().statusCode(200);

        given().auth().oauth2(fan.accessToken()).post("/api/auth/logout").then().statusCode(204);
        // the logout passed this edge, which then asks Redis on the session's every request: refused at once
        given().auth().oauth2(fan.accessToken()).get("/api/bookings").then().statusCode(401);
        given().auth().oauth2(fan.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("performanceId", 1, "seatIds", List.of("A-1-1")))
                .post("/api/holds").then().statusCode(401).body("type", equalTo("urn:encore:problem:unauthorized"));
    }

    @Test
    void reusingASpentRefreshTokenRevokesTheSessionsAccessTokensAtTheEdge() {
        Fans.Session fan = Fans.signUp();
        given().auth().oauth2(fan.accessToken()).get("/api/users/me").then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", fan.refreshToken()))
                .post("/api/auth/refresh").then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", fan.refreshToken()))
                .post("/api/auth/refresh").then().statusCode(401);

        // the edge relies on its last check of a token for encore.edge.local-check-ttl (250 ms): within a second
        Instant reused = Instant.now();
        int status;
        do {
            status = given().auth().oauth2(fan.accessToken()).get("/api/users/me").then().extract().statusCode();
        } while (status != 401 && Duration.between(reused, Instant.now()).toMillis() < 1000);
        assertTrue(status == 401, "still accepted one second after the reuse");
    }

    @Test
    void tokenRoutesRefuseMissingMalformedAndForgedTokens() {
        Fans.Session fan = Fans.signUp();
        // the genuine token verified and remembered first: a forgery of it is still verified, and refused
        given().auth().oauth2(fan.accessToken()).get("/api/users/me").then().statusCode(200);
        String[] parts = fan.accessToken().split("\\.");
        String forged = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        for (String path : List.of("/api/users/me", "/api/bookings", "/api/bookings/" + UUID.randomUUID())) {
            given().get(path).then().statusCode(401).header("WWW-Authenticate", "Bearer")
                    .contentType("application/problem+json");
            given().auth().oauth2("not-a-token").get(path).then().statusCode(401);
            given().auth().oauth2(forged).get(path).then().statusCode(401);
        }
        given().contentType(ContentType.JSON).body(Map.of("name", "Nope", "sections", List.of()))
                .post("/api/venues").then().statusCode(401);
        given().post("/api/admin/jobs/closing").then().statusCode(401);
        given().post("/api/queue/1").then().statusCode(401);
        // two tokens in one request: refused, never one of them picked
        given().header("Authorization", "Bearer " + fan.accessToken()).header("Authorization", "Bearer " + forged)
                .get("/api/bookings").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", org.hamcrest.Matchers.is("Authorization"));
    }

    @Test
    void aTokenAfterSeveralSpacesIsAcceptedByTheEdgeAndByTheServiceBehindIt() {
        Fans.Session fan = Fans.signUp();
        // RFC 6750 section 2.1: "Bearer" 1*SP b64token
        given().header("Authorization", "Bearer   " + fan.accessToken()).get("/api/users/me").then().statusCode(200);
        given().header("Authorization", "bearer " + fan.accessToken()).get("/api/bookings").then().statusCode(200);
    }

    @Test
    void publicRoutesNeedNoToken() {
        given().get("/api/performances").then().statusCode(200);
        given().get("/.well-known/jwks.json").then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("email", "nobody@example.org", "password", "wrong-password-1"))
                .header("X-Forwarded-For", "192.0.2.77")
                .post("/api/auth/login").then().statusCode(401);
    }

    @Test
    void theUpstreamStillDecidesRolesAndOwnership() {
        Fans.Session owner = Fans.signUp();
        Fans.Session other = Fans.signUp();
        long performance = Fans.performance(Fans.admin(stack), false);
        String holdId = given().auth().oauth2(owner.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("performanceId", performance, "seatIds", List.of("B-2-2")))
                .post("/api/holds").then().statusCode(201).extract().path("holdId");

        given().auth().oauth2(other.accessToken()).delete("/api/holds/" + holdId).then().statusCode(404);
        given().auth().oauth2(other.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("name", "Mine", "sections", List.of(Map.of("name", "A", "rows", 1, "seatsPerRow", 1))))
                .post("/api/venues").then().statusCode(403);
        given().auth().oauth2(owner.accessToken()).delete("/api/holds/" + holdId).then().statusCode(204);
    }
}
