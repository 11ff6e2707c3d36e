package dev.encore.booking;

import dev.encore.testsupport.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/** Performances created in the real catalog-service, and holds taken through booking-service's API. */
public final class BookingFixtures {

    private BookingFixtures() {
    }

    /** A performance on sale in a venue with sections A (10 x 10) and B (10 x 10). */
    public static long performanceOnSale() {
        return performance(Map.of());
    }

    /**
     * A performance on sale now, created in the real catalog-service, with {@code extra} fields of the create request
     * (e.g. {@code salesCloseAt}, {@code queueEnabled}) over the defaults: starts in 20 days, two hours long.
     */
    public static long performance(Map<String, Object> extra) {
        return performance(List.of(Map.of("name", "A", "rows", 10, "seatsPerRow", 10),
                Map.of("name", "B", "rows", 10, "seatsPerRow", 10)), Map.of("A", 90, "B", 45), extra);
    }

    /** A performance on sale in a venue of one section A with one row of {@code seats} seats (A-1-1 …), priced 50. */
    public static long smallPerformance(int seats) {
        return performance(List.of(Map.of("name", "A", "rows", 1, "seatsPerRow", seats)), Map.of("A", 50), Map.of());
    }

    private static long performance(List<Map<String, Object>> sections, Map<String, Integer> prices, Map<String, Object> extra) {
        String catalog = ConfigProvider.getConfig().getValue("encore.test.catalog-url", String.class);
        long venue = ((Number) given().baseUri(catalog).auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "Hall", "sections", sections))
                .post("/api/venues").then().statusCode(201).extract().path("id")).longValue();
        OffsetDateTime startsAt = OffsetDateTime.now().plusDays(20);
        Map<String, Object> request = new HashMap<>(Map.of("venueId", venue, "title", "Race night",
                "startsAt", startsAt.toString(), "endsAt", startsAt.plusHours(2).toString(), "prices", prices));
        request.putAll(extra);
        return ((Number) given().baseUri(catalog).auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(request).post("/api/performances").then().statusCode(201).extract().path("id")).longValue();
    }

    /** Closes the performance's sales through booking-service, which owns the public close. */
    public static void close(long performanceId) {
        given().auth().oauth2(TestTokens.admin()).post("/api/performances/" + performanceId + "/close")
                .then().statusCode(200);
    }

    public static String holdId(String token, long performanceId, String... seatIds) {
        return hold(token, performanceId, seatIds).then().statusCode(201).extract().path("holdId");
    }

    public static Response book(String token, String holdId, String idempotencyKey) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).header("Idempotency-Key", idempotencyKey)
                .body(Map.of("holdId", holdId)).post("/api/bookings");
    }

    public static Response hold(String token, long performanceId, String... seatIds) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("performanceId", performanceId, "seatIds", List.of(seatIds))).post("/api/holds");
    }
}
