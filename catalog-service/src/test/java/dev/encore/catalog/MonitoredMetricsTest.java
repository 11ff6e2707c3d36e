package dev.encore.catalog;

import dev.encore.testsupport.MonitoredMetrics;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;

/** What the alerts and the dashboard (k8s/components/monitoring) read from catalog-service is in its /q/metrics. */
@QuarkusTest
class MonitoredMetricsTest {

    @Test
    void everyMetricTheMonitoringReadsIsExposed() {
        given().get("/api/performances").then().statusCode(200);
        MonitoredMetrics.assertExposed("catalog-service", given().get("/q/metrics").then().statusCode(200).extract().asString());
    }
}
