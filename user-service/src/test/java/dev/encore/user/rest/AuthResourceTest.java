package dev.encore.user.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.encore.testsupport.InjectServer;
import dev.encore.testsupport.TestRedis;
import dev.encore.user.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class AuthResourceTest {

    @InjectServer
    TestRedis redis;

    @Test
    void loginIssuesRs256AccessTokenWithEveryRequiredClaim() {
        TestUsers.Registered user = TestUsers.signUp();
        TestUsers.loginRequest(user.email(), user.password(), TestUsers.randomClientAddress())
                .then().statusCode(200)
                .body("tokenType", is("Bearer"))
                .body("expiresIn", is(300))
                .body("refreshToken", notNullValue());
        String accessToken = TestUsers.login(user).accessToken();

        JsonNode header = TestUsers.header(accessToken);
        assertEquals("RS256", header.get("alg").asText());
        assertTrue(header.hasNonNull("kid"));
        JsonNode claims = TestUsers.claims(accessToken);
        assertEquals("urn:encore:user-service", claims.get("iss").asText());
        assertEquals(user.id(), claims.get("sub").asText());
        assertEquals(user.email(), claims.get("upn").asText());
        assertEquals("USER", claims.get("groups").get(0).asText());
        assertTrue(claims.hasNonNull("jti"));
        assertTrue(claims.hasNonNull("sid"));
        assertEquals(300, claims.get("exp").asLong() - claims.get("iat").asLong());
    }

    @Test
    void wrongPasswordAndUnknownEmailGetTheSame401() {
        TestUsers.Registered user = TestUsers.signUp();
        String wrongPassword = TestUsers.loginRequest(user.email(), "not-the-password", TestUsers.randomClientAddress())
                .then().statusCode(401).contentType("application/problem+json").extract().body().asString();
        String unknownEmail = TestUsers.loginRequest(TestUsers.uniqueEmail(), "not-the-password", TestUsers.randomClientAddress())
                .then().statusCode(401).contentType("application/problem+json").extract().body().asString();
        assertEquals(wrongPassword, unknownEmail);
    }

    @Test
    void loginIgnoresCaseAndSpacesOfTheEmail() {
        TestUsers.Registered user = TestUsers.signUp();
        TestUsers.login(" " + user.email().toUpperCase() + " ", user.password());
    }

    @Test
    void refreshRotatesAndSpendsTheOldToken() {
        TestUsers.Tokens first = TestUsers.login(TestUsers.signUp());
        TestUsers.Tokens second = refresh(first.refreshToken());
        assertNotEquals(first.refreshToken(), second.refreshToken());
        assertEquals(TestUsers.claims(first.accessToken()).get("sid"), TestUsers.claims(second.accessToken()).get("sid"));
        given().auth().oauth2(second.accessToken()).get("/api/users/me").then().statusCode(200);
        refresh(second.refreshToken());
    }

    @Test
    void reusingASpentRefreshTokenRevokesItsWholeFamily() {
        TestUsers.Tokens first = TestUsers.login(TestUsers.signUp());
        TestUsers.Tokens second = refresh(first.refreshToken());

        refreshRequest(first.refreshToken()).then().statusCode(401).contentType("application/problem+json");

        // the legitimate holder's newer token dies with the family, and so do the session's access tokens
        refreshRequest(second.refreshToken()).then().statusCode(401);
        JsonNode claims = TestUsers.claims(second.accessToken());
        assertLivesForAtMostATokenLifetimePlusTheClockSkew("auth:revoked:{" + claims.get("sub").asText() + "}:sid:" + claims.get("sid").asText());
    }

    @Test
    void unknownRefreshTokenGets401() {
        refreshRequest("no-such-token").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void blankRefreshTokenGets400() {
        refreshRequest("").then().statusCode(400).body("errors.field", org.hamcrest.Matchers.contains("refreshToken"));
    }

    @Test
    void logoutRevokesTheAccessTokenInRedisAndTheRefreshFamily() {
        TestUsers.Tokens tokens = TestUsers.login(TestUsers.signUp());
        JsonNode claims = TestUsers.claims(tokens.accessToken());

        given().auth().oauth2(tokens.accessToken()).post("/api/auth/logout").then().statusCode(204);

        String user = "auth:revoked:{" + claims.get("sub").asText() + "}:";
        assertLivesForAtMostATokenLifetimePlusTheClockSkew(user + "jti:" + claims.get("jti").asText());
        assertLivesForAtMostATokenLifetimePlusTheClockSkew(user + "sid:" + claims.get("sid").asText());
        refreshRequest(tokens.refreshToken()).then().statusCode(401);
    }

    @Test
    void logoutDoesNotTouchTheUsersOtherSessions() {
        TestUsers.Registered user = TestUsers.signUp();
        TestUsers.Tokens phone = TestUsers.login(user);
        TestUsers.Tokens laptop = TestUsers.login(user);
        given().auth().oauth2(phone.accessToken()).post("/api/auth/logout").then().statusCode(204);
        refresh(laptop.refreshToken());
    }

    @Test
    void logoutWithoutTokenGets401() {
        given().post("/api/auth/logout").then().statusCode(401).contentType("application/problem+json");
    }

    private void assertLivesForAtMostATokenLifetimePlusTheClockSkew(String key) {
        long ttlMillis = Long.parseLong(redis.command("PTTL " + key).substring(1));
        // 300 s of token lifetime plus the 30 s allowance every verifier gives (encore-common)
        assertTrue(ttlMillis > 0 && ttlMillis <= 330_000, key + " should expire within the token lifetime plus the skew, PTTL " + ttlMillis);
    }

    private static TestUsers.Tokens refresh(String refreshToken) {
        io.restassured.response.Response response = refreshRequest(refreshToken);
        response.then().statusCode(200).body("tokenType", is("Bearer"));
        return new TestUsers.Tokens(response.path("accessToken"), response.path("refreshToken"));
    }

    private static io.restassured.response.Response refreshRequest(String refreshToken) {
        return given().contentType(ContentType.JSON).body(Map.of("refreshToken", refreshToken)).post("/api/auth/refresh");
    }
}
