package dev.encore.booking.service;

import dev.encore.booking.BookingFixtures;
import dev.encore.booking.repository.SeatClaimRepository;
import dev.encore.booking.repository.SeatClaimRepository.LockedClaim;
import dev.encore.booking.service.SeatStateReconciler.Mismatch;
import dev.encore.testsupport.InjectServer;
import dev.encore.testsupport.PostgresServer;
import dev.encore.testsupport.TestRedis;
import dev.encore.testsupport.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Redis's seat locks are held to PostgreSQL's claims: what the ledger does not back goes, what it backs comes back. */
@QuarkusTest
class SeatStateReconcilerTest {

    @InjectServer
    TestRedis redis;

    @InjectServer
    PostgresServer postgres;

    @Inject
    SeatStateReconciler reconciler;

    @Inject
    SeatLocks locks;

    @Inject
    SeatClaimRepository claims;

    @Inject
    MeterRegistry registry;

    @Test
    void locksTheLedgerDoesNotBackAreDeletedExceptAHoldTooYoungToJudge() {
        long performance = BookingFixtures.performanceOnSale();
        redis.command("SET " + key(performance, "A-1-1") + " sold:" + UUID.randomUUID());
        // a hold's lock 20 s old whose claim never reached PostgreSQL, and one just taken whose claim may be on its way
        redis.command("SET " + key(performance, "A-1-2") + " " + UUID.randomUUID() + ":" + UUID.randomUUID() + ":7 PX 280000");
        redis.command("SET " + key(performance, "A-1-3") + " " + UUID.randomUUID() + ":" + UUID.randomUUID() + ":8 PX 299000");
        // nothing encore writes: no hold lock lives for good or longer than a hold, and none reads "garbage"
        redis.command("SET " + key(performance, "A-1-4") + " garbage");
        redis.command("SET " + key(performance, "A-1-5") + " " + UUID.randomUUID() + ":" + UUID.randomUUID() + ":9");
        redis.command("SET " + key(performance, "A-1-6") + " " + UUID.randomUUID() + ":" + UUID.randomUUID() + ":10 PX 10000000");

        assertEquals(Map.of(Mismatch.UNBACKED, 5), reconciler.checkNextPage(performance));
        assertEquals(List.of(Optional.empty(), Optional.empty(), Optional.empty()),
                locks.owners(performance, List.of("A-1-4", "A-1-5", "A-1-6")));

        List<Optional<String>> after = locks.owners(performance, List.of("A-1-1", "A-1-2", "A-1-3"));
        assertEquals(Optional.empty(), after.get(0));
        assertEquals(Optional.empty(), after.get(1));
        assertTrue(after.get(2).isPresent(), "a fresh hold lock is left to its claim");
    }

    @Test
    void liveClaimsMissingInRedisOrOwnedByAnotherThereAreRestored() {
        long performance = BookingFixtures.performanceOnSale();
        String fan = TestTokens.user();
        String hold = BookingFixtures.holdId(fan, performance, "A-2-1");
        String buyer = TestTokens.user();
        String booking = BookingFixtures.book(buyer, BookingFixtures.holdId(buyer, performance, "A-2-2"), UUID.randomUUID().toString())
                .then().statusCode(201).extract().path("id");
        String other = BookingFixtures.holdId(TestTokens.user(), performance, "A-2-3");
        String otherValue = locks.owners(performance, List.of("A-2-3")).get(0).orElseThrow();
        redis.command("DEL " + key(performance, "A-2-1") + " " + key(performance, "A-2-2"));
        redis.command("SET " + key(performance, "A-2-3") + " " + UUID.randomUUID() + ":" + UUID.randomUUID() + ":9 PX 280000");

        assertEquals(Map.of(Mismatch.MISSING, 2, Mismatch.DIFFERENT, 1), reconciler.checkNextPage(performance));

        List<Optional<String>> after = locks.owners(performance, List.of("A-2-1", "A-2-2", "A-2-3"));
        assertTrue(after.get(0).orElseThrow().startsWith(hold + ":"), "the hold's lock is back");
        assertEquals("sold:" + booking, after.get(1).orElseThrow());
        assertEquals(otherValue, after.get(2).orElseThrow());
        assertTrue(otherValue.startsWith(other + ":"));
    }

    @Test
    void aRestoredSaleWhoseBookingWasCancelledMeanwhileIsNotLeftSold() {
        long performance = BookingFixtures.performanceOnSale();
        String buyer = TestTokens.user();
        String booking = BookingFixtures.book(buyer, BookingFixtures.holdId(buyer, performance, "A-3-1"), UUID.randomUUID().toString())
                .then().statusCode(201).extract().path("id");
        // the restorer read the ledger (sold) ...
        List<LockedClaim> page = claims.live(performance, List.of("A-3-1"));
        // ... then the buyer cancelled, and only then was the page written
        given().auth().oauth2(buyer).post("/api/bookings/" + booking + "/cancel").then().statusCode(200);

        reconciler.restoreVerified(page);

        assertEquals(Optional.empty(), locks.owners(performance, List.of("A-3-1")).get(0));
    }

    @Test
    void aHoldsLocksAreReleasedWhateverTheirFenceAndASaleOverwritesOnlyItsOwnHold() {
        long performance = BookingFixtures.performanceOnSale();
        UUID hold = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        // an acquire whose reply was lost: its owner never learnt fence 12345
        redis.command("SET " + key(performance, "A-4-1") + " " + SeatLocks.holdValue(hold, user, 12345) + " PX 60000");
        assertEquals(1, locks.releaseHold(performance, List.of("A-4-1"), hold, user));

        String someoneElse = SeatLocks.holdValue(UUID.randomUUID(), UUID.randomUUID(), 5);
        redis.command("SET " + key(performance, "A-4-2") + " " + someoneElse + " PX 60000");
        assertEquals(0, locks.markSold(performance, List.of("A-4-2"), hold, user, UUID.randomUUID()));
        assertEquals(someoneElse, locks.owners(performance, List.of("A-4-2")).get(0).orElseThrow());
    }

    @Test
    void theLocksOfAnAcquireWhoseReplyTimedOutDoNotOutliveIt() throws InterruptedException {
        long performance = BookingFixtures.performanceOnSale();
        // Redis holds every write for 4.5 s: the acquire waits past its 3 s limit, then runs, its reply long lost
        redis.command("CLIENT PAUSE 4500 WRITE");
        BookingFixtures.hold(TestTokens.user(), performance, "A-6-1").then().statusCode(503);

        // once the pause is over the acquire has run; without the release by hold id its lock would stay, with a
        // fence nobody knows, for the whole hold TTL
        Thread.sleep(5_000);
        long deadline = System.currentTimeMillis() + 10_000;
        while (locks.owners(performance, List.of("A-6-1")).get(0).isPresent()) {
            assertTrue(System.currentTimeMillis() < deadline, "the timed-out acquire's lock is still there");
            Thread.sleep(200);
        }
        BookingFixtures.hold(TestTokens.user(), performance, "A-6-1").then().statusCode(201);
    }

    @Test
    void aPerformanceAnotherReplicaIsCheckingIsLeftToIt() throws Exception {
        long performance = BookingFixtures.performanceOnSale();
        redis.command("SET " + key(performance, "B-2-1") + " sold:" + UUID.randomUUID());
        // another replica leased this performance's check a moment ago
        try (Connection connection = postgres.superuserConnection("encore_booking"); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO seat_state_check (performance_id, lease_until) VALUES (" + performance
                    + ", clock_timestamp() + interval '2 seconds')");
        }
        assertEquals(Map.of(), reconciler.checkNextPage(performance));
        assertTrue(locks.owners(performance, List.of("B-2-1")).get(0).isPresent(), "this replica kept its hands off");

        Thread.sleep(2_100);
        assertEquals(Map.of(Mismatch.UNBACKED, 1), reconciler.checkNextPage(performance), "an expired lease is taken over");
    }

    @Test
    void seatsTwoConfirmedBookingsShareAreCountedForTheAlert() throws Exception {
        long performance = BookingFixtures.performanceOnSale();
        String first = TestTokens.user();
        BookingFixtures.book(first, BookingFixtures.holdId(first, performance, "B-3-1"), UUID.randomUUID().toString())
                .then().statusCode(201);
        String second = TestTokens.user();
        String booking = BookingFixtures.book(second, BookingFixtures.holdId(second, performance, "B-3-2"),
                UUID.randomUUID().toString()).then().statusCode(201).extract().path("id");
        reconciler.countSeatsSoldTwice();
        assertEquals(0.0, registry.get("encore.seats.sold.twice").gauge().value());

        // what the claims' primary key forbids, written behind its back: the second booking lists the first's seat
        try (Connection connection = postgres.superuserConnection("encore_booking"); Statement statement = connection.createStatement()) {
            statement.execute("UPDATE booking SET seat_ids = '{B-3-1,B-3-2}' WHERE id = '" + booking + "'");
            try {
                reconciler.countSeatsSoldTwice();
                assertEquals(1.0, registry.get("encore.seats.sold.twice").gauge().value());
            } finally {
                statement.execute("UPDATE booking SET seat_ids = '{B-3-2}' WHERE id = '" + booking + "'");
            }
        }
        reconciler.countSeatsSoldTwice();
        assertEquals(0.0, registry.get("encore.seats.sold.twice").gauge().value());
    }

    @Test
    void findingsAreMetrics() {
        long performance = BookingFixtures.performanceOnSale();
        redis.command("SET " + key(performance, "B-1-1") + " sold:" + UUID.randomUUID());
        assertEquals(Map.of(Mismatch.UNBACKED, 1), reconciler.checkNextPage(performance));
        reconciler.run();

        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("encore_seat_state_mismatches_total{kind=\"unbacked\"}"))
                .body(containsString("encore_seat_state_reconciliation_last_run_seconds"));
        assertEquals(Optional.empty(), locks.owners(performance, List.of("B-1-1")).get(0));
    }

    private static String key(long performance, String seat) {
        return "{perf:" + performance + "}:seat:" + seat;
    }
}
