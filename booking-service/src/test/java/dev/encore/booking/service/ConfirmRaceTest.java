package dev.encore.booking.service;

import dev.encore.booking.BookingFixtures;
import dev.encore.booking.client.PaymentStub;
import dev.encore.booking.client.PaymentStubResource.InjectPaymentStub;
import dev.encore.testsupport.InjectServer;
import dev.encore.testsupport.PostgresServer;
import dev.encore.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Confirms racing each other, a release, the reconciler and the clock, forced in a fixed order by the payment stub's
 * gate (a charge held in flight) and by a transaction the test keeps open: exactly one sale, every other attempt a
 * clear 409, never a 5xx, never a charge without a seat.
 */
@QuarkusTest
class ConfirmRaceTest {

    @InjectPaymentStub
    PaymentStub payments;

    @InjectServer
    PostgresServer postgres;

    @Inject
    PendingBookingReconciler reconciler;

    private final ExecutorService tabs = Executors.newFixedThreadPool(8);

    @AfterEach
    void providerApproves() {
        payments.openGate();
        payments.mode(PaymentStub.Mode.APPROVE);
        tabs.shutdownNow();
    }

    @Test
    void eightTabsConfirmingOneHoldGetOneSaleAndSevenClearRefusals() throws Exception {
        long performance = BookingFixtures.performanceOnSale();
        String fan = TestTokens.user();
        String hold = BookingFixtures.holdId(fan, performance, "A-1-1", "A-1-2");
        payments.closeGate();

        List<CompletableFuture<Response>> confirms = new ArrayList<>();
        for (int tab = 0; tab < 8; tab++) {
            confirms.add(confirmInBackground(fan, hold, UUID.randomUUID().toString()));
        }
        // one confirm started the booking and its charge waits at the provider; the other seven are answered meanwhile
        payments.awaitCharges(1);
        List<Response> refused = awaitAnswered(confirms, 7);
        refused.forEach(answer -> answer.then().statusCode(409).contentType("application/problem+json")
                .body("type", endsWith(":booking-in-progress")));
        payments.openGate();
        CompletableFuture.allOf(confirms.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        List<Response> sold = confirms.stream().map(CompletableFuture::join).filter(answer -> answer.statusCode() == 201).toList();
        assertEquals(1, sold.size(), "exactly one confirm sells the hold");
        String bookingId = sold.get(0).then().body("status", is("CONFIRMED")).extract().path("id");

        BookingFixtures.book(fan, hold, UUID.randomUUID().toString()).then().statusCode(409)
                .body("type", endsWith(":hold-booked"));
        assertEquals(Map.of("CONFIRMED", 1), bookingsOfHold(hold), "nothing left PENDING");
        assertEquals(1, payments.chargesFor(bookingId));
    }

    @Test
    void eightTabsAtOnceNeverMeetAServerError() throws Exception {
        long performance = BookingFixtures.performanceOnSale();
        for (int round = 0; round < 10; round++) {
            String fan = TestTokens.user();
            String hold = BookingFixtures.holdId(fan, performance, "B-" + (round + 1) + "-1", "B-" + (round + 1) + "-2");
            List<CompletableFuture<Response>> confirms = new ArrayList<>();
            for (int tab = 0; tab < 8; tab++) {
                confirms.add(confirmInBackground(fan, hold, UUID.randomUUID().toString()));
            }
            List<Integer> statuses = confirms.stream().map(CompletableFuture::join).map(Response::statusCode).toList();
            assertEquals(1, statuses.stream().filter(status -> status == 201).count(), "round " + round + ": " + statuses);
            assertTrue(statuses.stream().allMatch(status -> status == 201 || status == 409), "round " + round + ": " + statuses);
            assertEquals(Map.of("CONFIRMED", 1), bookingsOfHold(hold), "round " + round);
        }
    }

    @Test
    void aHoldBeingPaidCannotBeReleased() throws Exception {
        long performance = BookingFixtures.performanceOnSale();
        String fan = TestTokens.user();
        String hold = BookingFixtures.holdId(fan, performance, "A-2-1");
        payments.closeGate();
        CompletableFuture<Response> confirm = confirmInBackground(fan, hold, UUID.randomUUID().toString());
        payments.awaitCharges(1);

        given().auth().oauth2(fan).delete("/api/holds/" + hold).then().statusCode(409)
                .contentType("application/problem+json").body("type", endsWith(":booking-in-progress"));
        payments.openGate();
        confirm.get(20, TimeUnit.SECONDS).then().statusCode(201).body("status", is("CONFIRMED"));

        given().auth().oauth2(fan).delete("/api/holds/" + hold).then().statusCode(409).body("type", endsWith(":hold-booked"));
        given().get("/api/performances/" + performance + "/seats").then().body("seats.find { it.id == 'A-2-1' }.status", is("SOLD"));
    }

    @Test
    void theReconcilerLeavesABookingAloneWhileARetryUnderItsKeyIsPayingIt() throws Exception {
        long performance = BookingFixtures.performanceOnSale();
        String fan = TestTokens.user();
        String hold = BookingFixtures.holdId(fan, performance, "A-3-1");
        String key = UUID.randomUUID().toString();
        payments.mode(PaymentStub.Mode.DOWN);
        BookingFixtures.book(fan, hold, key).then().statusCode(503);
        assertEquals(Map.of("PENDING", 1), bookingsOfHold(hold));

        // the provider has no charge, but one sent just now might still land: not final
        reconciler.reconcile();
        assertEquals(Map.of("PENDING", 1), bookingsOfHold(hold));

        payments.mode(PaymentStub.Mode.APPROVE);
        PaymentStub.awaitBreakerClosed();
        payments.closeGate();
        CompletableFuture<Response> retry = confirmInBackground(fan, hold, key);
        payments.awaitCharges(1);
        // the retry holds the lease while its charge is in flight: the reconciler does not decline under it
        reconciler.reconcile();
        assertEquals(Map.of("PENDING", 1), bookingsOfHold(hold));
        payments.openGate();

        String bookingId = retry.get(20, TimeUnit.SECONDS).then().statusCode(201).body("status", is("CONFIRMED"))
                .extract().path("id");
        assertEquals(Map.of("CONFIRMED", 1), bookingsOfHold(hold));
        assertEquals(1, payments.chargesFor(bookingId));
        assertFalse(payments.refunded(bookingId));
    }

    @Test
    void aChargeApprovedAfterAnotherActorFailedTheBookingIsRefundedAndNever201() throws Exception {
        long performance = BookingFixtures.performanceOnSale();
        String fan = TestTokens.user();
        String hold = BookingFixtures.holdId(fan, performance, "A-4-1");
        payments.closeGate();
        CompletableFuture<Response> confirm = confirmInBackground(fan, hold, UUID.randomUUID().toString());
        payments.awaitCharges(1);

        // past the lease and the time a charge may be in flight (1 s each here): the reconciler may judge, and the
        // provider, whose request is still held at the gate, knows no charge
        Thread.sleep(1_200);
        reconciler.reconcile();
        assertEquals(Map.of("FAILED", 1), bookingsOfHold(hold));
        payments.openGate();

        confirm.get(20, TimeUnit.SECONDS).then().statusCode(409).contentType("application/problem+json")
                .body("type", endsWith(":charge-refunded"));
        try (Connection connection = postgres.superuserConnection("encore_booking");
             PreparedStatement select = connection.prepareStatement(
                     "SELECT id, payment_reference, refund_reference FROM booking WHERE hold_id = ?::uuid")) {
            select.setString(1, hold);
            try (ResultSet row = select.executeQuery()) {
                assertTrue(row.next());
                assertTrue(row.getString(2) != null && row.getString(3) != null, "the charge and its refund are recorded");
                assertTrue(payments.refunded(row.getString(1)));
            }
        }
    }

    @Test
    void aConfirmThatWaitedPastTheHoldsExpiryIsRefused() throws Exception {
        long performance = BookingFixtures.performanceOnSale();
        String userId = UUID.randomUUID().toString();
        String fan = TestTokens.forUser(userId, "USER");
        String hold = BookingFixtures.holdId(fan, performance, "A-5-1");
        CompletableFuture<Response> confirm;
        try (Connection paused = postgres.superuserConnection("encore_booking"); Statement statement = paused.createStatement()) {
            // the hold has a second left; the confirm's transaction starts within it, then waits for the user's lock,
            // which this transaction holds until the second is over
            statement.execute("UPDATE seat_claim SET expires_at = clock_timestamp() + interval '1 second' WHERE hold_id = '" + hold + "'");
            paused.setAutoCommit(false);
            statement.execute("SELECT pg_advisory_xact_lock(hashtextextended('" + performance + "/" + userId + "', 0))");
            confirm = confirmInBackground(fan, hold, UUID.randomUUID().toString());
            awaitWaitingOnALock();
            Thread.sleep(1_500);
            paused.commit();
        }
        confirm.get(20, TimeUnit.SECONDS).then().statusCode(409).body("type", endsWith(":hold-expired"));
        assertEquals(Map.of(), bookingsOfHold(hold));
    }

    private CompletableFuture<Response> confirmInBackground(String fan, String hold, String key) {
        return CompletableFuture.supplyAsync(() -> BookingFixtures.book(fan, hold, key), tabs);
    }

    private void awaitWaitingOnALock() throws Exception {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (Connection connection = postgres.superuserConnection("encore_booking"); Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                         + "AND datname = 'encore_booking'")) {
                row.next();
                if (row.getLong(1) > 0) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the confirm never waited for the user's lock");
    }

    private static List<Response> awaitAnswered(List<CompletableFuture<Response>> confirms, int count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            List<Response> done = confirms.stream().filter(CompletableFuture::isDone).map(CompletableFuture::join).toList();
            if (done.size() >= count) {
                return done;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("fewer than " + count + " confirms were answered");
    }

    private Map<String, Integer> bookingsOfHold(String holdId) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        try (Connection connection = postgres.superuserConnection("encore_booking");
             PreparedStatement select = connection.prepareStatement(
                     "SELECT status, count(*) FROM booking WHERE hold_id = ?::uuid GROUP BY status")) {
            select.setString(1, holdId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getInt(2));
                }
            }
        }
        return counts;
    }
}
