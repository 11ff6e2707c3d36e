package dev.encore.booking.service;

import dev.encore.booking.BookingFixtures;
import dev.encore.booking.client.PaymentStub;
import dev.encore.booking.client.PaymentStubResource.InjectPaymentStub;
import dev.encore.testsupport.InjectServer;
import dev.encore.testsupport.PostgresServer;
import dev.encore.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The provider times out, goes down, or loses its answer: nobody pays twice, and nothing is lost. */
@QuarkusTest
class PaymentFaultTest {

    @InjectPaymentStub
    PaymentStub payments;

    @InjectServer
    PostgresServer postgres;

    @Inject
    PendingBookingReconciler reconciler;

    @AfterEach
    void providerApproves() {
        payments.mode(PaymentStub.Mode.APPROVE);
    }

    @Test
    void aTimeoutThenSuccessOnRetryChargesOnce() {
        long performance = BookingFixtures.performanceOnSale();
        String fan = TestTokens.user();
        payments.mode(PaymentStub.Mode.SLOW_ONCE);

        String bookingId = BookingFixtures.book(fan, BookingFixtures.holdId(fan, performance, "A-1-1"), UUID.randomUUID().toString())
                .then().statusCode(201).body("status", is("CONFIRMED")).extract().path("id");

        assertEquals(1, payments.chargesFor(bookingId), "the retry carried the same key: one charge");
    }

    @Test
    void aProviderDownAnswers503AndTheSameKeyFinishesTheBookingLater() throws Exception {
        long performance = BookingFixtures.performanceOnSale();
        String fan = TestTokens.user();
        String hold = BookingFixtures.holdId(fan, performance, "A-2-1");
        String key = UUID.randomUUID().toString();
        payments.mode(PaymentStub.Mode.DOWN);

        BookingFixtures.book(fan, hold, key)
                .then().statusCode(503).contentType("application/problem+json")
                .header("Retry-After", notNullValue()).header("Retry-After-Ms", notNullValue());
        assertEquals("PENDING", bookingStatusOfHold(hold));
        given().get("/api/performances/" + performance + "/seats").then().body("seats.find { it.id == 'A-2-1' }.status", is("HELD"));
        BookingFixtures.hold(TestTokens.user(), performance, "A-2-1").then().statusCode(409);

        payments.mode(PaymentStub.Mode.APPROVE);
        PaymentStub.awaitBreakerClosed();
        String bookingId = BookingFixtures.book(fan, hold, key).then().statusCode(201).body("status", is("CONFIRMED"))
                .extract().path("id");
        assertEquals(1, payments.chargesFor(bookingId));
    }

    @Test
    void aBookingWhoseAnswerWasLostIsSettledByTheReconciler() throws Exception {
        long performance = BookingFixtures.performanceOnSale();
        String fan = TestTokens.user();
        String hold = BookingFixtures.holdId(fan, performance, "A-3-1");
        payments.mode(PaymentStub.Mode.CHARGE_AND_HANG);

        BookingFixtures.book(fan, hold, UUID.randomUUID().toString()).then().statusCode(503);
        assertEquals("PENDING", bookingStatusOfHold(hold));

        payments.mode(PaymentStub.Mode.APPROVE);
        PaymentStub.awaitBreakerClosed();
        reconciler.reconcile();

        assertEquals("CONFIRMED", bookingStatusOfHold(hold));
        given().get("/api/performances/" + performance + "/seats").then().body("seats.find { it.id == 'A-3-1' }.status", is("SOLD"));
    }

    private String bookingStatusOfHold(String holdId) throws Exception {
        try (Connection connection = postgres.superuserConnection("encore_booking"); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT status FROM booking WHERE hold_id = '" + holdId + "' ORDER BY created_at DESC")) {
            row.next();
            return row.getString(1);
        }
    }
}
