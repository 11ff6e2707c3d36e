package dev.encore.catalog.rest;

import dev.encore.catalog.CatalogFixtures;
import dev.encore.catalog.repository.VenueRepository;
import dev.encore.testsupport.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class VenueResourceTest {

    @Inject
    VenueRepository venues;

    @Test
    void administratorCreatesAVenueAndItsSeatCountIsTheLayoutsSum() {
        long id = CatalogFixtures.smallVenue();
        given().get("/api/venues/" + id)
                .then().statusCode(200)
                .body("seatCount", is(22))
                .body("sections.name", contains("A", "B"))
                .body("sections[1].rows", is(3))
                .body("sections[1].seatsPerRow", is(4));
    }

    @Test
    void fiftyThousandSeatLayoutIsCreatedInOneRequestAndReadBackWhole() {
        List<Map<String, Object>> sections = IntStream.rangeClosed(1, 50)
                .mapToObj(i -> Map.<String, Object>of("name", "S" + i, "rows", 25, "seatsPerRow", 40)).toList();
        long id = CatalogFixtures.venue(sections);
        given().get("/api/venues/" + id)
                .then().statusCode(200)
                .body("seatCount", is(50_000))
                .body("sections", hasSize(50));
    }

    @Test
    void moreThan100000SeatsGets400NamingSectionsAndStoresNothing() {
        long before = venueCount();
        createVenue(List.of(Map.of("name", "A", "rows", 1000, "seatsPerRow", 101)))
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("sections"))
                .body("detail", containsString("101000"));
        assertEquals(before, venueCount());
    }

    @Test
    void zeroRowsAndNegativeSeatsGet400NamingEachField() {
        createVenue(List.of(Map.of("name", "A", "rows", 0, "seatsPerRow", -3)))
                .then().statusCode(400)
                .body("errors.field", contains("sections[0].rows", "sections[0].seatsPerRow"));
    }

    @Test
    void aFractionOfASeatIsRefusedNotRoundedDown() {
        long before = venueCount();
        createVenue(List.of(Map.of("name", "A", "rows", 3, "seatsPerRow", 1.5)))
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("sections[0].seatsPerRow"));
        assertEquals(before, venueCount());
    }

    @Test
    void sectionNamesMustBeUniqueAndFreeOfDashes() {
        createVenue(List.of(Map.of("name", "A", "rows", 1, "seatsPerRow", 1), Map.of("name", "a", "rows", 1, "seatsPerRow", 1)))
                .then().statusCode(400).body("errors.field", contains("sections[1].name"));
        createVenue(List.of(Map.of("name", "A-B", "rows", 1, "seatsPerRow", 1)))
                .then().statusCode(400).body("errors.field", contains("sections[0].name"));
    }

    @Test
    void emptyLayoutGets400() {
        createVenue(List.of()).then().statusCode(400).body("errors.field", contains("sections"));
    }

    @Test
    void onlyAdministratorsCreateVenues() {
        Map<String, Object> body = Map.of("name", "Hall", "sections", List.of(Map.of("name", "A", "rows", 1, "seatsPerRow", 1)));
        given().contentType(ContentType.JSON).body(body).post("/api/venues")
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.user()).contentType(ContentType.JSON).body(body).post("/api/venues")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void unknownVenueIs404() {
        given().get("/api/venues/999999999").then().statusCode(404).contentType("application/problem+json");
    }

    private static io.restassured.response.Response createVenue(List<Map<String, Object>> sections) {
        return given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "Hall", "sections", sections)).post("/api/venues");
    }

    private long venueCount() {
        return QuarkusTransaction.requiringNew().call(venues::count);
    }
}
