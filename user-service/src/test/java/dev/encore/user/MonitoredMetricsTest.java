package dev.encore.user;

import dev.encore.testsupport.MonitoredMetrics;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;

/** What the alerts and the dashboard (k8s/components/monitoring) read from user-service is in its /q/metrics. */
@QuarkusTest
class MonitoredMetricsTest {

    @Test
    void everyMetricTheMonitoringReadsIsExposed() {
        TestUsers.login(TestUsers.signUp());
        MonitoredMetrics.assertExposed("user-service", given().get("/q/metrics").then().statusCode(200).extract().asString());
    }
}
