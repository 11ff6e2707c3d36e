package dev.encore.booking.service;

import dev.encore.booking.BookingFixtures;
import dev.encore.booking.client.PaymentStub;
import dev.encore.booking.client.PaymentStubResource.InjectPaymentStub;
import dev.encore.testsupport.InjectServer;
import dev.encore.testsupport.PostgresServer;
import dev.encore.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sales stop when an administrator closes or cancels a performance, or when the database clock passes its
 * salesCloseAt: no hold, no confirm, no charge after that; a cancel refunds every sale once.
 */
@QuarkusTest
class SalesWindowTest {

    @InjectPaymentStub
    PaymentStub payments;

    @InjectServer
    PostgresServer postgres;

    @Inject
    RefundRound refunds;

    @Inject
    PendingBookingReconciler reconciler;

    @AfterEach
    void providerApproves() {
        payments.mode(PaymentStub.Mode.APPROVE);
    }

    @Test
    void aHoldTakenBeforeTheAdminClosedCannotBePaidAndItsSeatsAreReleased() throws Exception {
        long performance = BookingFixtures.performanceOnSale();
        String fan = TestTokens.user();
        String hold = BookingFixtures.holdId(fan, performance, "A-1-1");

        BookingFixtures.close(performance);
        int chargesBefore = payments.chargeCalls();

        BookingFixtures.book(fan, hold, UUID.randomUUID().toString()).then().statusCode(409)
                .contentType("application/problem+json").body("type", is("urn:encore:problem:sales-closed"));
        assertEquals(chargesBefore, payments.chargeCalls(), "nothing was charged");
        assertEquals("RELEASED", claimStatus(performance, "A-1-1"));
        BookingFixtures.hold(TestTokens.user(), performance, "A-2-2").then().statusCode(409)
                .body("type", is("urn:encore:problem:sales-closed"));
        given().baseUri(catalogUrl()).get("/api/performances/" + performance).then().body("status", is("CLOSED"));
    }

    @Test
    void salesStopWhenTheDatabaseClockPassesSalesCloseAtThoughTheStatusStillSaysOnSale() throws Exception {
        Instant closesAt = Instant.now().plus(4, ChronoUnit.SECONDS).truncatedTo(ChronoUnit.MICROS);
        long performance = BookingFixtures.performance(Map.of("salesCloseAt", closesAt.toString()));
        String fan = TestTokens.user();
        String hold = BookingFixtures.holdId(fan, performance, "A-1-1");
        String shown = given().get("/api/performances/" + performance + "/seats").then().statusCode(200)
                .extract().path("salesCloseAt");
        assertEquals(closesAt, Instant.parse(shown), "the seat map shows when sales close");

        awaitDatabaseClockPast(closesAt);
        int chargesBefore = payments.chargeCalls();

        BookingFixtures.hold(TestTokens.user(), performance, "A-3-3").then().statusCode(409)
                .body("type", is("urn:encore:problem:sales-closed"));
        BookingFixtures.book(fan, hold, UUID.randomUUID().toString()).then().statusCode(409)
                .body("type", is("urn:encore:problem:sales-closed"));
        assertEquals(chargesBefore, payments.chargeCalls(), "nothing was charged");
        given().baseUri(catalogUrl()).get("/api/performances/" + performance).then().body("status", is("ON_SALE"));
    }

    @Test
    void holdsAreRefusedBeforeSalesOpenAndTakenOnceTheDatabaseClockPassesTheOpening() throws Exception {
        Instant opensAt = Instant.now().plus(3, ChronoUnit.SECONDS).truncatedTo(ChronoUnit.MICROS);
        long performance = BookingFixtures.performance(Map.of("salesOpenAt", opensAt.toString()));
        BookingFixtures.hold(TestTokens.user(), performance, "A-5-5").then().statusCode(409)
                .body("type", is("urn:encore:problem:sales-closed"));

        awaitDatabaseClockPast(opensAt);

        BookingFixtures.hold(TestTokens.user(), performance, "A-5-5").then().statusCode(201);
    }

    @Test
    void cancellingAPerformanceReleasesItsHoldsAndRefundsEveryBookingOnce() throws Exception {
        long performance = BookingFixtures.performanceOnSale();
        String first = TestTokens.user();
        String second = TestTokens.user();
        String firstBooking = book(first, performance, "A-1-1");
        String secondBooking = book(second, performance, "A-1-2");
        BookingFixtures.holdId(TestTokens.user(), performance, "A-1-3");

        String admin = TestTokens.admin();
        given().auth().oauth2(admin).post("/api/performances/" + performance + "/cancel")
                .then().statusCode(200).body("status", is("CANCELLED"));
        given().auth().oauth2(admin).post("/api/performances/" + performance + "/cancel")
                .then().statusCode(200).body("status", is("CANCELLED"));
        given().auth().oauth2(admin).post("/api/performances/" + performance + "/close")
                .then().statusCode(409).body("type", is("urn:encore:problem:performance-status-conflict"));
        assertEquals("RELEASED", claimStatus(performance, "A-1-3"));

        refunds.run();

        for (String[] booking : new String[][]{{first, firstBooking}, {second, secondBooking}}) {
            given().auth().oauth2(booking[0]).get("/api/bookings/" + booking[1]).then().statusCode(200)
                    .body("status", is("CANCELLED")).body("cancelReason", is("PERFORMANCE_CANCELLED"))
                    .body("refunded", is(true));
            assertTrue(payments.refunded(booking[1]));
        }
        int refundCalls = payments.refundCalls();
        refunds.run();
        given().auth().oauth2(TestTokens.admin()).post("/api/performances/" + performance + "/cancel").then().statusCode(200);
        refunds.run();
        assertEquals(refundCalls, payments.refundCalls(), "a refunded booking is never refunded again");
        given().baseUri(catalogUrl()).get("/api/performances/" + performance).then().body("status", is("CANCELLED"));
    }

    @Test
    void refundsThatFailResumeOnTheNextRoundUntilEveryBookingIsRefunded() throws Exception {
        long performance = BookingFixtures.performanceOnSale();
        String fan = TestTokens.user();
        String booking = book(fan, performance, "B-1-1");
        payments.mode(PaymentStub.Mode.DOWN);

        given().auth().oauth2(TestTokens.admin()).post("/api/performances/" + performance + "/cancel").then().statusCode(200);
        refunds.run();
        given().auth().oauth2(fan).get("/api/bookings/" + booking).then().body("status", is("CONFIRMED"));

        payments.mode(PaymentStub.Mode.APPROVE);
        PaymentStub.awaitBreakerClosed();
        refunds.run();

        given().auth().oauth2(fan).get("/api/bookings/" + booking).then().body("status", is("CANCELLED"))
                .body("refunded", is(true));
    }

    @Test
    void aChargeThatCompletesAfterTheCancelIsRefundedNotSold() throws Exception {
        long performance = BookingFixtures.performanceOnSale();
        String fan = TestTokens.user();
        String hold = BookingFixtures.holdId(fan, performance, "B-2-1");
        String key = UUID.randomUUID().toString();
        payments.mode(PaymentStub.Mode.CHARGE_AND_HANG);
        // the charge is made, its answer lost: the booking stays PENDING while the performance is cancelled
        BookingFixtures.book(fan, hold, key).then().statusCode(503);

        given().auth().oauth2(TestTokens.admin()).post("/api/performances/" + performance + "/cancel").then().statusCode(200);
        payments.mode(PaymentStub.Mode.APPROVE);
        PaymentStub.awaitBreakerClosed();

        BookingFixtures.book(fan, hold, key).then().statusCode(409).body("type", is("urn:encore:problem:sales-closed"));
        String bookingId = bookingOfHold(hold);
        given().auth().oauth2(fan).get("/api/bookings/" + bookingId).then().body("status", is("FAILED"))
                .body("refunded", is(true));
        assertTrue(payments.refunded(bookingId));
        assertEquals("RELEASED", claimStatus(performance, "B-2-1"));
        reconciler.reconcile();
        refunds.run();
        given().auth().oauth2(fan).get("/api/bookings/" + bookingId).then().body("status", is("FAILED"));
    }

    private static String book(String fan, long performance, String seat) {
        return BookingFixtures.book(fan, BookingFixtures.holdId(fan, performance, seat), UUID.randomUUID().toString())
                .then().statusCode(201).extract().path("id");
    }

    private static String catalogUrl() {
        return ConfigProvider.getConfig().getValue("encore.test.catalog-url", String.class);
    }

    private void awaitDatabaseClockPast(Instant instant) throws Exception {
        while (true) {
            try (Connection connection = postgres.superuserConnection("encore_booking");
                 Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SELECT now() > '" + instant + "'::timestamptz")) {
                row.next();
                if (row.getBoolean(1)) {
                    return;
                }
            }
            Thread.sleep(200);
        }
    }

    private String claimStatus(long performance, String seat) throws Exception {
        return single("SELECT status FROM seat_claim WHERE performance_id = " + performance + " AND seat_id = '" + seat + "'");
    }

    private String bookingOfHold(String hold) throws Exception {
        return single("SELECT id FROM booking WHERE hold_id = '" + hold + "' ORDER BY created_at DESC");
    }

    private String single(String sql) throws Exception {
        try (Connection connection = postgres.superuserConnection("encore_booking"); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            assertTrue(row.next(), sql);
            return row.getString(1);
        }
    }
}
