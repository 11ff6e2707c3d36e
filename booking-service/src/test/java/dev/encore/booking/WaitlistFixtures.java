package dev.encore.booking;

import dev.encore.testsupport.PostgresServer;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.awaitility.Awaitility;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

import static io.restassured.RestAssured.given;

/** Waiting-list calls through booking-service's API, and waits on what the offer round does in the background. */
public final class WaitlistFixtures {

    private WaitlistFixtures() {
    }

    public static String path(long performanceId) {
        return "/api/performances/" + performanceId + "/waitlist";
    }

    public static Response join(String token, long performanceId, int count) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("count", count)).post(path(performanceId));
    }

    public static Response entry(String token, long performanceId) {
        return given().auth().oauth2(token).get(path(performanceId));
    }

    /** Waits (at most 15 s: the round runs every second) until the caller's entry shows an offer; returns the answer. */
    public static Response awaitOffer(String token, long performanceId) {
        return Awaitility.await("an offer for the waiter").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> entry(token, performanceId),
                        answer -> answer.statusCode() == 200 && "OFFERED".equals(answer.path("status")));
    }

    /**
     * Closes the performance's sales and waits until its list has no live entry (the round ends them), so that no
     * background offer of one test writes rows while a later test counts them.
     */
    public static void closeAndAwaitNoLiveEntries(PostgresServer postgres, long performanceId) {
        BookingFixtures.close(performanceId);
        await("the waiting list of " + performanceId + " to end", () -> liveEntries(postgres, performanceId) == 0);
    }

    /** Live entries (WAITING, OFFERING, OFFERED) of the performance, counted in booking-service's database. */
    public static long liveEntries(PostgresServer postgres, long performanceId) {
        return count(postgres, "SELECT count(*) FROM waitlist_entry WHERE performance_id = ? "
                + "AND status IN ('WAITING', 'OFFERING', 'OFFERED')", performanceId);
    }

    /** A count(*) query of booking-service's database, with its parameters. */
    public static long count(PostgresServer postgres, String sql, Object... parameters) {
        try (Connection connection = postgres.superuserConnection("encore_booking");
             PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits (polling every 100 ms, at most 15 s: the offer round runs every second) until the condition holds. */
    public static void await(String what, Callable<Boolean> condition) {
        Awaitility.await(what).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(condition);
    }
}
