package dev.encore.catalog;

import dev.encore.testsupport.TestTokens;
import io.restassured.http.ContentType;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Venues and performances created through the public API, as an administrator would. */
public final class CatalogFixtures {

    private CatalogFixtures() {
    }

    /** A venue with sections A (2 x 5) and B (3 x 4): 22 seats. */
    public static long smallVenue() {
        return venue(List.of(Map.of("name", "A", "rows", 2, "seatsPerRow", 5), Map.of("name", "B", "rows", 3, "seatsPerRow", 4)));
    }

    public static long venue(List<Map<String, Object>> sections) {
        return ((Number) given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "Hall " + UUID.randomUUID(), "sections", sections))
                .post("/api/venues").then().statusCode(201).extract().path("id")).longValue();
    }

    public static long performanceOnSale(long venueId) {
        return performance(venueId, "Show " + UUID.randomUUID(), inDays(30), null);
    }

    public static long performance(long venueId, String title, OffsetDateTime startsAt, OffsetDateTime salesOpenAt) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("venueId", venueId, "title", title,
                "startsAt", startsAt.toString(), "endsAt", startsAt.plusHours(2).toString(),
                "prices", Map.of("A", 49.5, "B", 25), "currency", "EUR"));
        if (salesOpenAt != null) {
            body.put("salesOpenAt", salesOpenAt.toString());
        }
        return ((Number) given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(body)
                .post("/api/performances").then().statusCode(201).extract().path("id")).longValue();
    }

    public static OffsetDateTime inDays(int days) {
        return OffsetDateTime.now(ZoneOffset.ofHours(1)).plusDays(days).truncatedTo(ChronoUnit.SECONDS);
    }
}
