package dev.encore.closing;

import dev.encore.testsupport.MonitoredMetrics;
import dev.encore.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;

/** What the alerts and the dashboard (k8s/components/monitoring) read from closing-job is in its /q/metrics. */
@QuarkusTest
class MonitoredMetricsTest {

    @Test
    void everyMetricTheMonitoringReadsIsExposed() {
        given().auth().oauth2(TestTokens.admin()).get("/api/admin/jobs/closing/runs").then().statusCode(200);
        MonitoredMetrics.assertExposed("closing-job", given().get("/q/metrics").then().statusCode(200).extract().asString());
    }
}
