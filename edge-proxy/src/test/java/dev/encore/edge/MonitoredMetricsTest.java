package dev.encore.edge;

import dev.encore.testsupport.InjectServer;
import dev.encore.testsupport.MonitoredMetrics;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the alerts and the dashboard (k8s/components/monitoring) read from edge-proxy is in its /q/metrics once a fan
 * has joined a waiting room; proxied requests are counted under their route's template, never their raw path (one
 * series per booking id would grow without end).
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
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("uri=\"/api/bookings/{id}\""), "no series for /api/bookings/{id}");
        assertFalse(metrics.contains(booking), "a series names the booking's id");
    }
}
