package dev.encore.edge.proxy;

import dev.encore.edge.EncoreStack;
import dev.encore.edge.Fans;
import dev.encore.testsupport.InjectServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Through the edge, with request targets sent exactly as written (no client normalisation): a path that is not
 * canonical is refused 400 before any decision, so no other spelling of a hold skips the waiting room, and a hold
 * body the edge cannot read is refused too.
 */
@QuarkusTest
class PathSpellingTest {

    // HTTP/1.1 as the edge's clients speak it (the JDK client would otherwise offer an h2c upgrade)
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @InjectServer
    EncoreStack stack;

    @Test
    void noSpellingOfAHoldOnAQueuedPerformanceGetsPastTheEdgeWithoutAPass() throws Exception {
        long performance = Fans.performance(Fans.admin(stack), true);
        Fans.Session fan = Fans.signUp();
        String hold = "{\"performanceId\": " + performance + ", \"seatIds\": [\"A-1-1\"]}";

        for (String path : List.of("/api/holds/", "/api//holds", "//api/holds", "/api/./holds", "/api/x/../holds",
                "/api/holds/.", "/api/%68olds", "/api/holds%2F", "/api/holds;x=1", "/api/%2e/holds", "/api%2fholds",
                "/api;a/holds", "/x/../api/holds")) {
            HttpResponse<String> answer = post(path, fan.accessToken(), hold);
            assertEquals(400, answer.statusCode(), path + ": " + answer.body());
            assertEquals("application/problem+json", answer.headers().firstValue("Content-Type").orElse(""), path);
            assertEquals("path", new JsonObject(answer.body()).getJsonArray("errors").getJsonObject(0).getString("field"), path);
        }
        assertEquals(403, post("/api/holds", fan.accessToken(), hold).statusCode(), "the canonical path asks for the pass");
    }

    @Test
    void aHoldBodyTheEdgeCannotReadIsRefusedNotForwarded() throws Exception {
        long performance = Fans.performance(Fans.admin(stack), true);
        Fans.Session fan = Fans.signUp();

        for (String body : List.of("not json", "[1]", "{\"seatIds\": [\"A-1-1\"]}", "{\"performanceId\": \"forty-two\"}",
                "{\"performanceId\": 1.5}", "{\"performanceId\": 99999999999999999999999}",
                "{\"performanceId\": 1, \"performanceId\": " + performance + "}",
                "{\"performanceId\": " + performance + "} trailing", "",
                "{\"performanceId\": null}", "{\"performanceId\": [" + performance + "]}",
                "{\"performanceId\": " + performance + ", \"seatIds\": [{\"a\": 1, \"a\": 2}]}",
                "{\"performanceId\": " + performance + ", \"seatIds\": [\"A-1-1\"]} {}",
                "{\"performanceId\": " + performance + ", \"seatIds\": [\"A-1-1\"]")) {
            HttpResponse<String> answer = post("/api/holds", fan.accessToken(), body);
            assertEquals(400, answer.statusCode(), body + ": " + answer.body());
            assertEquals("application/problem+json", answer.headers().firstValue("Content-Type").orElse(""), body);
        }
    }

    @Test
    void aHoldBodyTheEdgeRefusesIsRefusedInTheWordsOfBookingService() throws Exception {
        long performance = Fans.performance(Fans.admin(stack), false);
        Fans.Session fan = Fans.signUp();
        String seats = ", \"seatIds\": [\"A-1-1\"]";

        for (String performanceId : List.of("-1", "0", "99999999999999999999999", "1.5", "true", "\"forty-two\"",
                "\"99999999999999999999\"", "null")) {
            String body = "{\"performanceId\": " + performanceId + seats + "}";
            JsonObject atEdge = new JsonObject(post("/api/holds", fan.accessToken(), body).body());
            JsonObject atService = new JsonObject(CLIENT.send(HttpRequest.newBuilder(
                            URI.create(stack.booking().baseUrl() + "/api/holds")).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + fan.accessToken()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).body());
            assertEquals(atService.getInteger("status"), atEdge.getInteger("status"), body);
            assertEquals(atService.getJsonArray("errors"), atEdge.getJsonArray("errors"), body);
        }
        String missing = "{" + seats.substring(2) + "}";
        assertEquals("must not be null", new JsonObject(post("/api/holds", fan.accessToken(), missing).body())
                .getJsonArray("errors").getJsonObject(0).getString("message"), missing);
    }

    @Test
    void aHoldSentOverHttp2IsAnsweredNotLeftHanging() throws Exception {
        long performance = Fans.performance(Fans.admin(stack), true);
        Fans.Session fan = Fans.signUp();
        HttpClient http2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();

        HttpResponse<String> answer = http2.send(HttpRequest.newBuilder(URI.create(base() + "/api/holds"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + fan.accessToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"performanceId\": " + performance + ", \"seatIds\": [\"A-1-1\"]}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(403, answer.statusCode(), answer.body());
    }

    @Test
    void everyRouteRefusesAPathThatIsNotCanonical() throws Exception {
        for (String path : List.of("/api/performances/", "/api/performances/1/seats/", "/api/users/me/", "/api//bookings")) {
            HttpResponse<String> answer = CLIENT.send(HttpRequest.newBuilder(URI.create(base() + path))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, answer.statusCode(), path);
        }
    }

    private static HttpResponse<String> post(String path, String token, String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String base() {
        return "http://localhost:" + RestAssured.port;
    }
}
