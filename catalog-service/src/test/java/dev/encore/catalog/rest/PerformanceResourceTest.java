package dev.encore.catalog.rest;

import dev.encore.catalog.CatalogFixtures;
import dev.encore.catalog.repository.PerformanceRepository;
import dev.encore.testsupport.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class PerformanceResourceTest {

    @Inject
    PerformanceRepository performances;

    @Test
    void performanceWithOpenSalesIsOnSaleAndReadsBackInTheApiShape() {
        long venue = CatalogFixtures.smallVenue();
        OffsetDateTime startsAt = CatalogFixtures.inDays(10);
        long id = CatalogFixtures.performance(venue, "Tosca", startsAt, null);
        given().get("/api/performances/" + id)
                .then().statusCode(200)
                .body("id", is((int) id))
                .body("title", is("Tosca"))
                .body("venue.id", is((int) venue))
                .body("status", is("ON_SALE"))
                .body("startsAt", is(startsAt.toInstant().toString()))
                .body("endsAt", is(startsAt.plusHours(2).toInstant().toString()))
                .body("prices.A", is(49.5f))
                .body("prices.B", is(25))
                .body("currency", is("EUR"))
                .body("queueEnabled", is(false));
    }

    @Test
    void performanceWhoseSalesOpenLaterIsScheduledThenOpensOnTime() {
        long venue = CatalogFixtures.smallVenue();
        OffsetDateTime salesOpenAt = OffsetDateTime.now().plusSeconds(2);
        Map<String, Object> body = performanceBody(venue);
        body.put("salesOpenAt", salesOpenAt.toString());
        long id = ((Number) given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(body)
                .post("/api/performances").then().statusCode(201).body("status", is("SCHEDULED"))
                .extract().path("id")).longValue();

        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        String status;
        do {
            status = given().get("/api/performances/" + id).then().statusCode(200).extract().path("status");
        } while (!"ON_SALE".equals(status) && Instant.now().isBefore(deadline) && pause());
        assertEquals("ON_SALE", status);
    }

    @Test
    void endsBeforeItStartsGets400NamingEndsAtAndStoresNothing() {
        long venue = CatalogFixtures.smallVenue();
        Map<String, Object> body = performanceBody(venue);
        body.put("endsAt", CatalogFixtures.inDays(29).toString());
        long before = count();
        create(body).then().statusCode(400).contentType("application/problem+json").body("errors.field", contains("endsAt"));
        assertEquals(before, count());
    }

    @Test
    void aTimeWithoutAnOffsetOrAFractionalVenueIdIsRefusedAndStoresNothing() {
        long venue = CatalogFixtures.smallVenue();
        long before = count();
        Map<String, Object> epochSeconds = performanceBody(venue);
        epochSeconds.put("startsAt", OffsetDateTime.parse((String) epochSeconds.get("startsAt")).toEpochSecond());
        create(epochSeconds).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", contains("startsAt"));
        Map<String, Object> fraction = performanceBody(venue);
        fraction.put("venueId", venue + 0.9);
        create(fraction).then().statusCode(400).body("errors.field", contains("venueId"));
        Map<String, Object> numberForBoolean = performanceBody(venue);
        numberForBoolean.put("queueEnabled", 1);
        create(numberForBoolean).then().statusCode(400).body("errors.field", contains("queueEnabled"));
        assertEquals(before, count());
    }

    @Test
    void salesCloseWhenThePerformanceStartsUnlessSetAndTheDetailAndLayoutShowIt() {
        long venue = CatalogFixtures.smallVenue();
        Map<String, Object> body = performanceBody(venue);
        long byDefault = ((Number) create(body).then().statusCode(201).extract().path("id")).longValue();
        given().get("/api/performances/" + byDefault).then().statusCode(200)
                .body("salesCloseAt", is(OffsetDateTime.parse((String) body.get("startsAt")).toInstant().toString()));

        OffsetDateTime endsAt = OffsetDateTime.parse((String) body.get("endsAt"));
        body.put("salesCloseAt", endsAt.toString());
        long untilTheEnd = ((Number) create(body).then().statusCode(201).extract().path("id")).longValue();
        given().get("/internal/performances/" + untilTheEnd + "/layout").then().statusCode(200)
                .body("salesCloseAt", is(endsAt.toInstant().toString()));
    }

    @Test
    void salesCloseAtAfterTheEndOrBeforeTheOpeningGets400NamingItAndStoresNothing() {
        Map<String, Object> body = performanceBody(CatalogFixtures.smallVenue());
        OffsetDateTime endsAt = OffsetDateTime.parse((String) body.get("endsAt"));
        long before = count();
        body.put("salesCloseAt", endsAt.plusMinutes(1).toString());
        create(body).then().statusCode(400).body("errors.field", contains("salesCloseAt"));
        body.put("salesOpenAt", endsAt.minusHours(1).toString());
        body.put("salesCloseAt", endsAt.minusHours(2).toString());
        create(body).then().statusCode(400).body("errors.field", contains("salesCloseAt"));
        assertEquals(before, count());
    }

    @Test
    void missingAndUnknownSectionPricesGet400NamingEach() {
        Map<String, Object> body = performanceBody(CatalogFixtures.smallVenue());
        body.put("prices", Map.of("A", 10, "Z", 5));
        create(body).then().statusCode(400).body("errors.field", contains("prices.B", "prices.Z"));
    }

    @Test
    void negativeOrOverPrecisePriceAndUnknownCurrencyGet400() {
        Map<String, Object> body = performanceBody(CatalogFixtures.smallVenue());
        body.put("prices", Map.of("A", -1, "B", 1.234));
        body.put("currency", "XYZ");
        create(body).then().statusCode(400).body("errors.field", contains("currency", "prices.A", "prices.B"));
    }

    @Test
    void timesWithoutOffsetAndMissingTitleGet400() {
        Map<String, Object> body = performanceBody(CatalogFixtures.smallVenue());
        body.put("startsAt", "2030-01-01T20:00:00");
        create(body).then().statusCode(400).body("errors.field", contains("startsAt"));
        body = performanceBody(CatalogFixtures.smallVenue());
        body.remove("title");
        create(body).then().statusCode(400).body("errors.field", contains("title"));
    }

    @Test
    void unknownVenueGets404() {
        create(performanceBody(987654321L)).then().statusCode(404).body("type", is("urn:encore:problem:venue-not-found"));
    }

    @Test
    void onlyAdministratorsCreateCloseAndCancel() {
        long venue = CatalogFixtures.smallVenue();
        long id = CatalogFixtures.performanceOnSale(venue);
        given().contentType(ContentType.JSON).body(performanceBody(venue)).post("/api/performances").then().statusCode(401);
        given().auth().oauth2(TestTokens.user()).contentType(ContentType.JSON).body(performanceBody(venue))
                .post("/api/performances").then().statusCode(403);
        given().auth().oauth2(TestTokens.user()).post("/internal/performances/" + id + "/close").then().statusCode(403);
        given().post("/internal/performances/" + id + "/cancel").then().statusCode(401);
    }

    @Test
    void closeIsIdempotentAndACancelledPerformanceCannotBeClosed() {
        long venue = CatalogFixtures.smallVenue();
        long closed = CatalogFixtures.performanceOnSale(venue);
        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(TestTokens.admin()).post("/internal/performances/" + closed + "/close")
                    .then().statusCode(200).body("id", is((int) closed)).body("status", is("CLOSED"));
        }
        long cancelled = CatalogFixtures.performanceOnSale(venue);
        given().auth().oauth2(TestTokens.admin()).post("/internal/performances/" + cancelled + "/cancel")
                .then().statusCode(200).body("status", is("CANCELLED"));
        given().auth().oauth2(TestTokens.admin()).post("/internal/performances/" + cancelled + "/close")
                .then().statusCode(409).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.admin()).post("/internal/performances/424242424/close").then().statusCode(404);
    }

    @Test
    void unknownPerformanceIs404() {
        given().get("/api/performances/777777777").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void listingFiltersByStatusAndStartWindowAndPages() {
        long venue = CatalogFixtures.smallVenue();
        String tag = UUID.randomUUID().toString();
        // years ahead of anything other tests create, so that the window holds only these three
        OffsetDateTime day = CatalogFixtures.inDays(3000 + (int) (Math.random() * 30000));
        long first = CatalogFixtures.performance(venue, tag + " 1", day, null);
        long second = CatalogFixtures.performance(venue, tag + " 2", day.plusHours(3), null);
        long third = CatalogFixtures.performance(venue, tag + " 3", day.plusHours(6), null);
        given().auth().oauth2(TestTokens.admin()).post("/internal/performances/" + second + "/close").then().statusCode(200);

        String from = day.minusMinutes(1).toString();
        String to = day.plusHours(7).toString();
        given().queryParam("from", from).queryParam("to", to).queryParam("size", 2)
                .get("/api/performances")
                .then().statusCode(200)
                .body("total", is(3)).body("page", is(0)).body("size", is(2))
                .body("items.id", contains((int) first, (int) second));
        given().queryParam("from", from).queryParam("to", to).queryParam("size", 2).queryParam("page", 1)
                .get("/api/performances")
                .then().statusCode(200).body("items.id", contains((int) third));
        given().queryParam("status", "ON_SALE").queryParam("from", from).queryParam("to", to)
                .get("/api/performances")
                .then().statusCode(200).body("total", is(2)).body("items.id", contains((int) first, (int) third));
    }

    @Test
    void badListingParametersGet400NamingEach() {
        given().queryParam("status", "SOLD_OUT").queryParam("from", "tomorrow").queryParam("size", 1000)
                .get("/api/performances")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", contains("from", "size", "status"));
    }

    @Test
    void layoutGivesBookingEverySectionWithItsPriceInOneCall() {
        long venue = CatalogFixtures.smallVenue();
        long id = CatalogFixtures.performanceOnSale(venue);
        given().get("/internal/performances/" + id + "/layout")
                .then().statusCode(200)
                .body("performanceId", is((int) id))
                .body("status", is("ON_SALE"))
                .body("seatCount", is(22))
                .body("sections.name", contains("A", "B"))
                .body("sections[0].rows", is(2))
                .body("sections[0].price", is(49.5f));
    }

    private static Map<String, Object> performanceBody(long venueId) {
        OffsetDateTime startsAt = CatalogFixtures.inDays(30);
        return new HashMap<>(Map.of("venueId", venueId, "title", "Carmen", "startsAt", startsAt.toString(),
                "endsAt", startsAt.plusHours(3).toString(), "prices", Map.of("A", 80, "B", 40)));
    }

    private static io.restassured.response.Response create(Map<String, Object> body) {
        return given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(body).post("/api/performances");
    }

    private long count() {
        return QuarkusTransaction.requiringNew().call(performances::count);
    }

    private static boolean pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }
}
