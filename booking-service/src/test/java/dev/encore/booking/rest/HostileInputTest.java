package dev.encore.booking.rest;

import dev.encore.booking.BookingFixtures;
import dev.encore.testsupport.HostileInput;
import dev.encore.testsupport.InjectServer;
import dev.encore.testsupport.PostgresServer;
import dev.encore.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.UUID;
import java.util.stream.Stream;

/** The hostile-input corpus (test-support's HostileInput) thrown at every public endpoint of booking-service. */
@QuarkusTest
class HostileInputTest {

    @InjectServer
    PostgresServer postgres;

    @TestFactory
    Stream<DynamicTest> everyEndpointRefusesHostileInputWithA4xxAndStoresNothing() {
        long performance = BookingFixtures.performanceOnSale();
        String unknown = UUID.randomUUID().toString();
        return HostileInput.probe(() -> postgres.rowCounts("encore_booking", "seat_state_check"),
                // a fresh user each time: the seat limit per user must not be what refuses a probe
                HostileInput.post("/api/holds").bearer(TestTokens::user)
                        .body("{\"performanceId\":{{performanceId}},\"seatIds\":[{{seatIds[0]}}]}")
                        .slot("performanceId", performance)
                        .slot("seatIds[0]", "\"A-1-1\""),
                HostileInput.delete("/api/holds/{{id}}").slot("id", unknown).bearer(TestTokens::user),
                HostileInput.post("/api/bookings").bearer(TestTokens::user)
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .body("{\"holdId\":{{holdId}}}")
                        .slot("holdId", "\"" + unknown + "\""),
                HostileInput.get("/api/bookings").bearer(TestTokens::user),
                HostileInput.get("/api/bookings/{{id}}").slot("id", unknown).bearer(TestTokens::user),
                HostileInput.post("/api/bookings/{{id}}/cancel").slot("id", unknown).bearer(TestTokens::user),
                HostileInput.get("/api/bookings/{{id}}/tickets").slot("id", unknown).bearer(TestTokens::user),
                HostileInput.post("/api/check-ins").bearer(() -> TestTokens.forUser(UUID.randomUUID().toString(), "SCANNER"))
                        .body("{\"code\":{{code}}}")
                        .slot("code", "\"eyJhbGciOiJFUzI1NiJ9.e30.c2ln\""),
                HostileInput.get("/api/tickets/jwks.json"),
                HostileInput.get("/api/performances/{{id}}/seats").slot("id", performance),
                // the live map of a performance nobody knows: every probe is answered at once, never a stream left open
                HostileInput.get("/api/performances/{{id}}/seats/events").slot("id", 987654321L),
                // seats are free: a valid join is refused (409 not-sold-out), nothing is stored
                HostileInput.post("/api/performances/{{id}}/waitlist").slot("id", performance).bearer(TestTokens::user)
                        .body("{\"count\":{{count}}}").slot("count", 1),
                HostileInput.get("/api/performances/{{id}}/waitlist").slot("id", performance).bearer(TestTokens::user),
                HostileInput.delete("/api/performances/{{id}}/waitlist").slot("id", performance).bearer(TestTokens::user),
                // a performance nobody knows: a probe must not end a real one's sales
                HostileInput.post("/api/performances/{{id}}/close").slot("id", 987654321L).bearer(TestTokens::admin),
                HostileInput.post("/api/performances/{{id}}/cancel").slot("id", 987654321L).bearer(TestTokens::admin));
    }
}
