package dev.encore.edge;

import dev.encore.testsupport.InjectServer;
import dev.encore.testsupport.MonitoredMetrics;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the alerts and the dashboard (k8s/components/monitoring) read from edge-proxy is in its /q/metrics once a fan
 * has joined a waiting room; requests are counted under their route's template, never their raw path, and all that
 * is no route under one value (one series per booking id, or per made-up word, would grow without end).
 */
@QuarkusTest
class MonitoredMetricsTest {

    @InjectServer
    EncoreStack stack;

    @Test
    void everyMetricTheMonitoringReadsIsExposed() {
        long performance = Fans.performance(Fans.admin(stack), true);
        Fans.Session fan = Fans.signUp();
        given().auth().oauth2(fan.accessToken()).post("/api/queue/" + performance).then().statusCode(200);
        MonitoredMetrics.assertExposed("edge-proxy", given().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    @Test
    void proxiedRequestsAreCountedUnderTheirRoutesTemplate() {
        Fans.Session fan = Fans.signUp();
        String booking = UUID.randomUUID().toString();
        given().auth().oauth2(fan.accessToken()).get("/api/bookings/" + booking).then().statusCode(404);
        // a word that is no route, and a spelling the edge refuses
        String word = "zz" + UUID.randomUUID().toString().replaceAll("[^a-f]", "");
        given().get("/api/venues/" + word).then().statusCode(both(greaterThanOrEqualTo(400)).and(lessThan(500)));
        given().urlEncodingEnabled(false).get("/api/" + word + "/%2e%2e/holds").then().statusCode(400);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("uri=\"/api/bookings/{id}\""), "no series for /api/bookings/{id}");
        assertTrue(metrics.contains("uri=\"/{unmatched}\""), "no series for what matched no route");
        assertFalse(metrics.contains(booking), "a series names the booking's id");
        assertFalse(metrics.contains(word), "a series names a path no route has");
    }
}
