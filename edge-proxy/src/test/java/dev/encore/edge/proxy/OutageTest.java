package dev.encore.edge.proxy;

import dev.encore.edge.EncoreStack;
import dev.encore.edge.Fans;
import dev.encore.testsupport.InjectServer;
import dev.encore.testsupport.LoggedWarnings;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A dead upstream or a dead Redis gets a fast, explicit 503; what does not need them keeps working. */
@QuarkusTest
class OutageTest {

    @InjectServer
    EncoreStack stack;

    @Test
    void deadBookingServiceAnswers503FastWhileTheCatalogStillAnswers() {
        long performance = Fans.performance(Fans.admin(stack), false);
        Fans.Session fan = Fans.signUp();
        stack.booking().stop();
        try {
            // past the breaker's request volume: the first calls find the port closed, the rest the breaker open
            for (int i = 0; i < 25; i++) {
                Instant asked = Instant.now();
                Response answer = given().get("/api/performances/" + performance + "/seats");
                assertEquals(503, answer.statusCode());
                assertEquals("application/problem+json", answer.contentType());
                assertTrue(Integer.parseInt(answer.header("Retry-After")) >= 1);
                assertTrue(Duration.between(asked, Instant.now()).toMillis() < 1500, "503 took too long");
            }
            hold(fan, performance).then().statusCode(503).body("type", equalTo("urn:encore:problem:unavailable"));
            given().get("/api/performances/" + performance).then().statusCode(200);
        } finally {
            stack.booking().startAgain();
        }
        // the breaker lets a trial call through once its delay has passed
        assertEquals(200, answerOnceTheBreakerIsClosed("/api/performances/" + performance + "/seats"));
    }

    @Test
    void withoutRedisTokenCallsFailClosedAndPublicReadsStayOpen() {
        long performance = Fans.performance(Fans.admin(stack), false);
        Fans.Session fan = Fans.signUp();
        given().auth().oauth2(fan.accessToken()).get("/api/users/me").then().statusCode(200);
        stack.redis().stop();
        try {
            Instant asked = Instant.now();
            hold(fan, performance).then().statusCode(503).header("Retry-After", equalTo("1"))
                    .contentType("application/problem+json")
                    .body("detail", equalTo("Token revocations cannot be checked right now"));
            assertTrue(Duration.between(asked, Instant.now()).toMillis() < 2500, "503 took too long");
            // the edge relies on its last check of a token for encore.edge.local-check-ttl (250 ms), then fails closed
            await().atMost(Duration.ofSeconds(1)).until(() ->
                    given().auth().oauth2(fan.accessToken()).get("/api/users/me").statusCode() == 503);
            given().get("/api/performances/" + performance).then().statusCode(200);
            given().get("/.well-known/jwks.json").then().statusCode(200);
        } finally {
            stack.redis().startAgain();
        }
    }

    @Test
    void withoutRedisPublicRoutesPassUnlimitedWithAWarningEvery10sNotOneARequest() {
        stack.redis().stop();
        try (LoggedWarnings warnings = LoggedWarnings.capture()) {
            // past the login bucket (10): without Redis none is counted, and the log gets a line every 10 s, not one
            // each. An earlier outage of this suite may have written one less than 10 s ago: then this outage's first
            // line comes when those 10 s are up, so the requests go on (slower) until it has
            Instant started = Instant.now();
            int requests = 0;
            while (requests < 20 || rateLimitWarnings(warnings).isEmpty() && Duration.between(started, Instant.now()).toSeconds() < 12) {
                int status = given().contentType(ContentType.JSON)
                        .body(Map.of("email", "nobody-" + requests + "@example.com", "password", "not-the-password"))
                        .post("/api/auth/login").statusCode();
                assertTrue(status != 429, "refused by a rate limit nobody could count");
                if (++requests >= 20) {
                    pause();
                }
            }
            List<String> written = rateLimitWarnings(warnings);
            long tens = Duration.between(started, Instant.now()).toSeconds() / 10;
            int sent = requests;
            assertTrue(!written.isEmpty() && written.size() <= 1 + tens,
                    () -> written.size() + " warnings for " + sent + " requests:\n" + String.join("\n", warnings.lines()));
        } finally {
            stack.redis().startAgain();
        }
    }

    @Test
    void aRedisThatHangsCostsTokenCallsA503WithinItsTimeoutNotTheWholeHang() {
        long performance = Fans.performance(Fans.admin(stack), false);
        Fans.Session fan = Fans.signUp();
        given().auth().oauth2(fan.accessToken()).get("/api/users/me").then().statusCode(200);
        // Redis takes connections and commands but answers none for 4 s (on a cluster, every primary)
        stack.redis().command("CLIENT PAUSE 4000 ALL");
        try {
            Instant asked = Instant.now();
            hold(fan, performance).then().statusCode(503).header("Retry-After", equalTo("1"))
                    .body("detail", equalTo("Token revocations cannot be checked right now"));
            // quarkus.redis.timeout (1 s), and a margin for two shared cores
            assertTrue(Duration.between(asked, Instant.now()).toMillis() < 2500, "503 took too long");
        } finally {
            stack.redis().command("CLIENT UNPAUSE");
        }
    }

    @Test
    void callersHangingUpMidRequestDoNotOpenTheBreaker() throws IOException {
        long performance = Fans.performance(Fans.admin(stack), false);
        String seats = "/api/performances/" + performance + "/seats";
        assertEquals(200, answerOnceTheBreakerIsClosed(seats));
        // each caller sends its request and resets the connection at once, before booking-service can answer
        for (int i = 0; i < 60; i++) {
            try (Socket caller = new Socket("localhost", RestAssured.port)) {
                caller.getOutputStream().write(("GET " + seats + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                caller.setSoLinger(true, 0);
            }
        }
        for (int i = 0; i < 10; i++) {
            given().get(seats).then().statusCode(200);
        }
    }

    private static int answerOnceTheBreakerIsClosed(String path) {
        Instant deadline = Instant.now().plusSeconds(30);
        int status;
        do {
            status = given().get(path).then().extract().statusCode();
        } while (status != 200 && Instant.now().isBefore(deadline) && pause());
        return status;
    }

    private static Response hold(Fans.Session fan, long performance) {
        return given().auth().oauth2(fan.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("performanceId", performance, "seatIds", List.of("B-5-5")))
                .post("/api/holds");
    }

    private static boolean pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    private static List<String> rateLimitWarnings(LoggedWarnings warnings) {
        return warnings.lines().stream().filter(line -> line.contains("not applied, Redis unavailable")).toList();
    }
}
