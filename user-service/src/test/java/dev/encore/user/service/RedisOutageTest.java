package dev.encore.user.service;

import dev.encore.testsupport.InjectServer;
import dev.encore.testsupport.LoggedWarnings;
import dev.encore.testsupport.TestRedis;
import dev.encore.user.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With Redis dead, logins go on (throttled per instance) and logout refuses to pretend. */
@QuarkusTest
class RedisOutageTest {

    @InjectServer
    TestRedis redis;

    @AfterEach
    void bringRedisBack() {
        redis.startAgain();
    }

    @Test
    void loginKeepsWorkingAndCountsTheFallback() {
        TestUsers.Registered user = TestUsers.signUp();
        double before = fallbackCount();
        redis.stop();

        TestUsers.login(user);

        assertTrue(fallbackCount() > before, "the in-memory fallback must be counted");
    }

    @Test
    void inMemoryThrottleStillLocksAnAccount() {
        TestUsers.Registered user = TestUsers.signUp();
        redis.stop();
        for (int i = 0; i < 5; i++) {
            TestUsers.loginRequest(user.email(), "wrong-password-" + i, TestUsers.randomClientAddress()).then().statusCode(401);
        }
        TestUsers.loginRequest(user.email(), user.password(), TestUsers.randomClientAddress()).then().statusCode(429);
    }

    @Test
    void refusedLogoutsAreWarnedAboutEvery10sNotOneLineEach() {
        TestUsers.Tokens tokens = TestUsers.login(TestUsers.signUp());
        redis.stop();
        try (LoggedWarnings warnings = LoggedWarnings.capture()) {
            Instant start = Instant.now();
            for (int i = 0; i < 10; i++) {
                given().auth().oauth2(tokens.accessToken()).post("/api/auth/logout").then().statusCode(503);
            }
            long tens = Duration.between(start, Instant.now()).toSeconds() / 10;
            List<String> refused = warnings.lines().stream().filter(line -> line.contains("Logout refused")).toList();
            // at most: the throttle may have let one through for an earlier test in this JVM less than 10 s ago
            assertTrue(refused.size() <= 1 + tens, () -> refused.size() + " warnings:\n" + String.join("\n", refused));
        }
        // ten refusals opened the revocation breaker: it is closed again before the next test logs out
        redis.startAgain();
        assertEquals(204, logoutStatusOnceBreakerCloses(tokens.accessToken()));
    }

    @Test
    void logoutAnswers503FastAndSucceedsOnceRedisIsBack() {
        TestUsers.Tokens tokens = TestUsers.login(TestUsers.signUp());
        redis.stop();

        Instant start = Instant.now();
        given().auth().oauth2(tokens.accessToken()).post("/api/auth/logout")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", is("1"))
                .body("type", is("urn:encore:problem:revocation-unavailable"));
        assertTrue(Duration.between(start, Instant.now()).toMillis() < 5_000, "a dead Redis must not hang logout");

        redis.startAgain();
        assertEquals(204, logoutStatusOnceBreakerCloses(tokens.accessToken()));
    }

    private static int logoutStatusOnceBreakerCloses(String accessToken) {
        Instant deadline = Instant.now().plusSeconds(20);
        int status;
        do {
            status = given().auth().oauth2(accessToken).post("/api/auth/logout").statusCode();
            if (status != 503) {
                return status;
            }
            sleep();
        } while (Instant.now().isBefore(deadline));
        return status;
    }

    private static double fallbackCount() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith("encore_login_throttle_fallback_total"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
