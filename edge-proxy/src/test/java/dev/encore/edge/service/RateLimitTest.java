package dev.encore.edge.service;

import dev.encore.edge.EncoreStack;
import dev.encore.edge.Fans;
import dev.encore.testsupport.InjectServer;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Limits per client address on login, per user on holds; each bucket is its own. */
@QuarkusTest
class RateLimitTest {

    @InjectServer
    EncoreStack stack;

    @Inject
    RedisDataSource redis;

    @Test
    void loginsPastTheBurstFromOneAddressGet429WithRetryAfterWhileOtherAddressesGoOn() {
        // application.properties: a burst of 10 logins per address, one more every 5 s
        long started = System.nanoTime();
        int passed = 0;
        Response limited = login("203.0.113.10");
        while (limited.statusCode() == 401 && passed < 40) {
            passed++;
            limited = login("203.0.113.10");
        }
        limited.then().statusCode(429).contentType("application/problem+json")
                .body("type", equalTo("urn:encore:problem:rate-limited"));
        // however slow the logins, no more than the burst and what refilled meanwhile
        double refilled = (System.nanoTime() - started) / 1e9 * 0.2;
        assertTrue(passed >= 10 && passed <= 10 + Math.ceil(refilled), passed + " logins passed before the limit");
        assertTrue(Integer.parseInt(limited.header("Retry-After")) >= 1);
        login("203.0.113.11").then().statusCode(401);
    }

    @Test
    void aForwardedForThatNamesNoAddressIsRefusedNotCountedInABucketAllSuchCallersShare() {
        // from a trusted proxy (this test's loopback): there is no address to count the login against
        for (String forwarded : List.of("garbage", "unknown", "zzz")) {
            login(forwarded).then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("X-Forwarded-For"));
        }
    }

    @Test
    void holdsPastTheBurstOfOneFanGet429WhileAnotherFanHolds() {
        long performance = Fans.performance(Fans.admin(stack), false);
        Fans.Session eager = Fans.signUp();
        Fans.Session calm = Fans.signUp();
        // application.properties: a burst of 20 holds per user, two more a second; unknown seats are refused
        // by booking-service but count all the same
        int passed = 0;
        Response limited = hold(eager, performance, "Z-9-9");
        while (limited.statusCode() == 400 && passed < 100) {
            passed++;
            limited = hold(eager, performance, "Z-9-9");
        }
        limited.then().statusCode(429).header("Retry-After", equalTo("1"))
                .body("type", equalTo("urn:encore:problem:rate-limited"));
        assertTrue(passed >= 20, "only " + passed + " holds passed before the limit");
        hold(calm, performance, "A-3-3").then().statusCode(201);
    }

    @Test
    void aTokenRequestAfterRedisLostItsScriptsSendsTheScriptAgainInsteadOfFailing() {
        long performance = Fans.performance(Fans.admin(stack), false);
        Fans.Session fan = Fans.signUp();
        // as after a Redis restart: EVALSHA answers NOSCRIPT, and the edge must fall back to EVAL, not answer 503
        redis.execute("SCRIPT", "FLUSH");
        hold(fan, performance, "A-4-4").then().statusCode(201);
        hold(fan, performance, "A-4-5").then().statusCode(201);
    }

    private static Response login(String address) {
        return given().header("X-Forwarded-For", address).contentType(ContentType.JSON)
                // a new account each time: user-service's own per-account throttle must not answer first
                .body(Map.of("email", UUID.randomUUID() + "@example.org", "password", "wrong-password-1"))
                .post("/api/auth/login");
    }

    private static Response hold(Fans.Session fan, long performance, String seat) {
        return given().auth().oauth2(fan.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("performanceId", performance, "seatIds", List.of(seat)))
                .post("/api/holds");
    }
}
