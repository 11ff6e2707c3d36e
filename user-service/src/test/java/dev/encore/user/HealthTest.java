package dev.encore.user;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

@QuarkusTest
class HealthTest {

    @Test
    void readinessChecksPostgresqlAndRedis() {
        given().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItem(org.hamcrest.Matchers.containsStringIgnoringCase("database")))
                .body("checks.name", hasItem(org.hamcrest.Matchers.containsStringIgnoringCase("redis")));
    }

    @Test
    void startedIsUpOnceTheServiceRuns() {
        // the readiness probe of k8s/: process-local, so that a shared dependency's blip does not empty a Service
        given().get("/q/health/started").then().statusCode(200).body("status", is("UP"));
    }

    @Test
    void servesPrometheusMetricsAndOpenApi() {
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }
}
