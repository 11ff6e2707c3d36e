package dev.encore.edge;

import io.restassured.http.ContentType;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;

/** Drives the public API through the edge the way a client would: accounts, tokens, venues, performances. */
public final class Fans {

    private static final AtomicInteger ADDRESSES = new AtomicInteger();
    private static final AtomicInteger ADMIN_ADDRESSES = new AtomicInteger();

    private Fans() {
    }

    /** Signs a new fan up and logs in; each fan logs in from an address of its own, so login limits stay apart. */
    public static Session signUp() {
        String email = "fan-" + UUID.randomUUID() + "@example.org";
        String address = "198.51.100." + (1 + ADDRESSES.getAndIncrement() % 250);
        given().header("X-Forwarded-For", address).contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", "correct-horse-battery", "name", "Fan"))
                .post("/api/users").then().statusCode(201);
        return login(email, "correct-horse-battery", address);
    }

    /**
     * Logs the administrator in, each time from an address of its own: the suite logs in as admin dozens of times
     * within a minute, more than the edge's per-address login bucket holds (10, one more every 5 s), which a fixed
     * address ran dry whenever the tests ran fast enough (429 instead of the token).
     */
    public static Session admin(EncoreStack stack) {
        return login(stack.adminEmail(), stack.adminPassword(), "198.51.101." + (1 + ADMIN_ADDRESSES.getAndIncrement() % 250));
    }

    public static Session login(String email, String password, String address) {
        Map<String, Object> tokens = given().header("X-Forwarded-For", address).contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", password))
                .post("/api/auth/login").then().statusCode(200).extract().jsonPath().getMap("");
        return new Session(email, (String) tokens.get("accessToken"), (String) tokens.get("refreshToken"));
    }

    /** A performance on sale now at a new two-section venue; {@code queued} gives it a waiting room. */
    public static long performance(Session admin, boolean queued) {
        return performance(admin, queued, null);
    }

    /** Like {@link #performance(Session, boolean)}, with sales opening at {@code salesOpenAt} (null: now). */
    public static long performance(Session admin, boolean queued, Instant salesOpenAt) {
        return performance(admin, List.of(Map.of("name", "A", "rows", 5, "seatsPerRow", 10),
                Map.of("name", "B", "rows", 5, "seatsPerRow", 10)), Map.of("A", 80, "B", 40), queued, salesOpenAt);
    }

    /** A performance on sale now in a venue of one section A, one row of {@code seats} seats. */
    public static long smallPerformance(Session admin, int seats) {
        return performance(admin, List.of(Map.of("name", "A", "rows", 1, "seatsPerRow", seats)), Map.of("A", 80), false, null);
    }

    private static long performance(Session admin, List<Map<String, Object>> sections, Map<String, Integer> prices,
                                    boolean queued, Instant salesOpenAt) {
        long venue = ((Number) given().auth().oauth2(admin.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("name", "Edge Hall", "sections", sections))
                .post("/api/venues").then().statusCode(201).extract().path("id")).longValue();
        Instant start = Instant.now().plus(30, ChronoUnit.DAYS);
        Map<String, Object> performance = new HashMap<>(Map.of("venueId", venue, "title", "Edge Night",
                "startsAt", start.toString(), "endsAt", start.plus(3, ChronoUnit.HOURS).toString(),
                "prices", prices, "queueEnabled", queued));
        if (salesOpenAt != null) {
            performance.put("salesOpenAt", salesOpenAt.toString());
        }
        return ((Number) given().auth().oauth2(admin.accessToken()).contentType(ContentType.JSON)
                .body(performance)
                .post("/api/performances").then().statusCode(201).extract().path("id")).longValue();
    }

    public record Session(String email, String accessToken, String refreshToken) {
    }
}
