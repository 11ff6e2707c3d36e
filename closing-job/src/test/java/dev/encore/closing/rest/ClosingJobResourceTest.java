package dev.encore.closing.rest;

import dev.encore.testsupport.InjectServer;
import dev.encore.testsupport.PostgresServer;
import dev.encore.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class ClosingJobResourceTest {

    @InjectServer
    PostgresServer postgres;

    @ConfigProperty(name = "quarkus.datasource.username")
    String role;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    @Test
    void onDemandRunAnswersWithItsSummaryAndAppearsAmongRecentRuns() {
        int runId = given().auth().oauth2(TestTokens.admin()).post("/api/admin/jobs/closing")
                .then().statusCode(200)
                .body("runId", notNullValue())
                .body("startedAt", notNullValue())
                .body("finishedAt", notNullValue())
                .body("chunks", notNullValue())
                .extract().path("runId");
        given().auth().oauth2(TestTokens.admin()).get("/api/admin/jobs/closing/runs")
                .then().statusCode(200)
                .body("find { it.runId == " + runId + " }.outcome", is("SUCCEEDED"))
                .body("outcome", everyItem(notNullValue()));
    }

    @Test
    void onlyAdministratorsRunOrReadTheJob() {
        given().post("/api/admin/jobs/closing").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.user()).post("/api/admin/jobs/closing").then().statusCode(403);
        given().get("/api/admin/jobs/closing/runs").then().statusCode(401);
        given().auth().oauth2(TestTokens.user()).get("/api/admin/jobs/closing/runs").then().statusCode(403);
    }

    @Test
    void itsDatabaseRoleMayCloseButTouchNothingElse() throws SQLException {
        try (Connection asService = DriverManager.getConnection(postgres.jdbcUrl("encore_catalog"), role, password);
             Statement statement = asService.createStatement()) {
            statement.executeQuery("SELECT id, status, ends_at FROM public.performance LIMIT 1").close();
            statement.executeUpdate("UPDATE public.performance SET status = 'CLOSED', closed_at = now() WHERE false");
            for (String forbidden : new String[]{
                    "SELECT title FROM public.performance LIMIT 1",
                    "SELECT prices FROM public.performance LIMIT 1",
                    "UPDATE public.performance SET title = 'x' WHERE false",
                    "DELETE FROM public.performance WHERE false",
                    "INSERT INTO public.venue (name, sections, seat_count, created_at) VALUES ('x', '[]', 1, now())",
                    "SELECT * FROM public.venue LIMIT 1"}) {
                SQLException refused = assertThrows(SQLException.class, () -> statement.execute(forbidden), forbidden);
                assertTrue(refused.getMessage().contains("permission denied"), forbidden + ": " + refused.getMessage());
            }
        }
    }

    @Test
    void readinessChecksPostgresql() {
        given().get("/q/health/ready").then().statusCode(200).body("status", is("UP"))
                .body("checks.name", org.hamcrest.Matchers.hasItem(org.hamcrest.Matchers.containsStringIgnoringCase("database")));
    }
}
