package dev.encore.catalog.rest;

import dev.encore.catalog.CatalogFixtures;
import dev.encore.testsupport.HostileInput;
import dev.encore.testsupport.InjectServer;
import dev.encore.testsupport.PostgresServer;
import dev.encore.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/** The hostile-input corpus (test-support's HostileInput) thrown at every endpoint of catalog-service. */
@QuarkusTest
class HostileInputTest {

    @InjectServer
    PostgresServer postgres;

    @TestFactory
    Stream<DynamicTest> everyEndpointRefusesHostileInputWithA4xxAndStoresNothing() {
        long venue = CatalogFixtures.smallVenue();
        long performance = CatalogFixtures.performanceOnSale(venue);
        String startsAt = "\"" + CatalogFixtures.inDays(40) + "\"";
        String endsAt = "\"" + CatalogFixtures.inDays(40).plusHours(2) + "\"";
        return HostileInput.probe(() -> postgres.rowCounts("encore_catalog"),
                HostileInput.post("/api/venues").bearer(TestTokens::admin)
                        .body("{\"name\":{{name}},\"sections\":[{\"name\":{{sections[0].name}},"
                                + "\"rows\":{{sections[0].rows}},\"seatsPerRow\":{{sections[0].seatsPerRow}}}]}")
                        .slot("name", "\"Hall\"")
                        .slot("sections[0].name", "\"A\"")
                        .slot("sections[0].rows", 2)
                        .slot("sections[0].seatsPerRow", 3),
                HostileInput.get("/api/venues/{{id}}").slot("id", venue),
                HostileInput.post("/api/performances").bearer(TestTokens::admin)
                        .body("{\"venueId\":{{venueId}},\"title\":{{title}},\"startsAt\":{{startsAt}},\"endsAt\":{{endsAt}},"
                                + "\"prices\":{\"A\":{{prices.A}},\"B\":{{prices.B}}},\"currency\":{{currency}},"
                                + "\"salesOpenAt\":{{salesOpenAt}},\"queueEnabled\":{{queueEnabled}}}")
                        .slot("venueId", venue)
                        .slot("title", "\"Night\"")
                        .slot("startsAt", startsAt)
                        .slot("endsAt", endsAt)
                        .slot("prices.A", "49.5")
                        .slot("prices.B", "25")
                        .slot("currency", "\"EUR\"")
                        .slot("salesOpenAt", "null")
                        .slot("queueEnabled", "false"),
                HostileInput.get("/api/performances").query("status", "from", "to", "page", "size"),
                HostileInput.get("/api/performances/{{id}}").slot("id", performance),
                HostileInput.post("/internal/performances/{{id}}/close").slot("id", performance).bearer(TestTokens::admin),
                HostileInput.post("/internal/performances/{{id}}/cancel").slot("id", performance).bearer(TestTokens::admin),
                HostileInput.get("/internal/performances/{{id}}/layout").slot("id", performance));
    }
}
