package dev.encore.booking.rest;

import dev.encore.booking.BookingFixtures;
import dev.encore.booking.client.PaymentStub;
import dev.encore.booking.client.PaymentStubResource.InjectPaymentStub;
import dev.encore.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.restassured.path.json.JsonPath;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class BookingResourceTest {

    @InjectPaymentStub
    PaymentStub payments;

    @BeforeEach
    void providerApproves() {
        payments.mode(PaymentStub.Mode.APPROVE);
    }

    @Test
    void bookingAHoldChargesOnceAndSellsTheSeats() {
        long performance = BookingFixtures.performanceOnSale();
        String fan = TestTokens.user();
        String hold = BookingFixtures.holdId(fan, performance, "A-1-1", "B-1-1");

        String bookingId = BookingFixtures.book(fan, hold, UUID.randomUUID().toString())
                .then().statusCode(201)
                .body("status", is("CONFIRMED"))
                .body("performanceId", is((int) performance))
                .body("seatIds", contains("A-1-1", "B-1-1"))
                .body("amount", is(135.0f))
                .body("currency", is("EUR"))
                .extract().path("id");

        assertEquals(1, payments.chargesFor(bookingId));
        given().get("/api/performances/" + performance + "/seats").then()
                .body("seats.find { it.id == 'A-1-1' }.status", is("SOLD"))
                .body("seats.find { it.id == 'B-1-1' }.status", is("SOLD"));
        given().auth().oauth2(fan).get("/api/bookings").then().statusCode(200).body("id", hasItem(bookingId));
        given().auth().oauth2(fan).get("/api/bookings/" + bookingId).then().statusCode(200).body("status", is("CONFIRMED"));
        BookingFixtures.hold(TestTokens.user(), performance, "A-1-1").then().statusCode(409);
    }

    @Test
    void theSameKeyReplaysTheFirstAnswerAndNeverChargesAgain() {
        long performance = BookingFixtures.performanceOnSale();
        String fan = TestTokens.user();
        String hold = BookingFixtures.holdId(fan, performance, "A-2-1");
        String key = UUID.randomUUID().toString();
        String first = BookingFixtures.book(fan, hold, key).then().statusCode(201).extract().asString();
        int callsAfterFirst = payments.chargeCalls();

        String replay = BookingFixtures.book(fan, hold, key).then().statusCode(201).extract().asString();

        assertEquals(first, replay);
        assertEquals(callsAfterFirst, payments.chargeCalls(), "a replay must not reach the provider");
    }

    @Test
    void theSameKeySentManyTimesAtOnceBooksOnceAndAnswersAllAlike() throws Exception {
        long performance = BookingFixtures.performanceOnSale();
        String fan = TestTokens.user();
        String hold = BookingFixtures.holdId(fan, performance, "A-2-2");
        String key = UUID.randomUUID().toString();
        List<Callable<String>> attempts = Collections.nCopies(8,
                () -> BookingFixtures.book(fan, hold, key).then().statusCode(201).extract().asString());

        List<String> answers = new ArrayList<>();
        try (ExecutorService callers = Executors.newFixedThreadPool(attempts.size())) {
            for (Future<String> answer : callers.invokeAll(attempts)) {
                answers.add(answer.get());
            }
        }

        assertEquals(1, Set.copyOf(answers).size(), "every attempt under one key gets the same body: " + answers);
        String bookingId = JsonPath.from(answers.getFirst()).getString("id");
        assertEquals(1, payments.chargesFor(bookingId));
    }

    @Test
    void aFailedFirstAnswerIsReplayedToo() {
        long performance = BookingFixtures.performanceOnSale();
        String owner = TestTokens.user();
        String hold = BookingFixtures.holdId(owner, performance, "A-2-3");
        String stranger = TestTokens.user();
        String key = UUID.randomUUID().toString();
        String first = BookingFixtures.book(stranger, hold, key).then().statusCode(404).extract().asString();

        BookingFixtures.book(stranger, hold, key).then().statusCode(404).contentType("application/problem+json")
                .body(is(first));
    }

    @Test
    void twoIdempotencyKeysInOneRequestAreRefusedNotOneOfThemChosen() throws Exception {
        long performance = BookingFixtures.performanceOnSale();
        String fan = TestTokens.user();
        String hold = BookingFixtures.holdId(fan, performance, "B-9-9");
        given().auth().oauth2(fan).contentType(ContentType.JSON).header("Idempotency-Key", "dup-1")
                .header("Idempotency-Key", "dup-2").body(Map.of("holdId", hold)).post("/api/bookings")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", is("Idempotency-Key"));
        BookingFixtures.book(fan, hold, "dup-1").then().statusCode(201);
    }

    @Test
    void aKeyReusedForAnotherRequestGets422() {
        long performance = BookingFixtures.performanceOnSale();
        String fan = TestTokens.user();
        String key = UUID.randomUUID().toString();
        BookingFixtures.book(fan, BookingFixtures.holdId(fan, performance, "A-3-1"), key).then().statusCode(201);
        BookingFixtures.book(fan, BookingFixtures.holdId(fan, performance, "A-3-2"), key)
                .then().statusCode(422).contentType("application/problem+json")
                .body("type", is("urn:encore:problem:idempotency-key-reused"));
    }

    @Test
    void aMissingIdempotencyKeyGets400NamingIt() {
        given().auth().oauth2(TestTokens.user()).contentType(ContentType.JSON).body(Map.of("holdId", UUID.randomUUID().toString()))
                .post("/api/bookings").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", contains("Idempotency-Key"));
    }

    @Test
    void aDeclineAnswers402AndLeavesTheSeatsHeldForAnotherTry() {
        long performance = BookingFixtures.performanceOnSale();
        String fan = TestTokens.user();
        String hold = BookingFixtures.holdId(fan, performance, "A-4-1");
        payments.mode(PaymentStub.Mode.DECLINE);

        BookingFixtures.book(fan, hold, UUID.randomUUID().toString())
                .then().statusCode(402).contentType("application/problem+json")
                .body("type", is("urn:encore:problem:payment-declined"));

        given().get("/api/performances/" + performance + "/seats").then().body("seats.find { it.id == 'A-4-1' }.status", is("HELD"));
        BookingFixtures.hold(TestTokens.user(), performance, "A-4-1").then().statusCode(409);
        payments.mode(PaymentStub.Mode.APPROVE);
        BookingFixtures.book(fan, hold, UUID.randomUUID().toString()).then().statusCode(201).body("status", is("CONFIRMED"));
    }

    @Test
    void anotherUsersHoldOrBookingIs404() {
        long performance = BookingFixtures.performanceOnSale();
        String owner = TestTokens.user();
        String hold = BookingFixtures.holdId(owner, performance, "A-5-1");
        String stranger = TestTokens.user();
        BookingFixtures.book(stranger, hold, UUID.randomUUID().toString()).then().statusCode(404);
        String bookingId = BookingFixtures.book(owner, hold, UUID.randomUUID().toString()).then().statusCode(201).extract().path("id");
        given().auth().oauth2(stranger).get("/api/bookings/" + bookingId).then().statusCode(404);
        given().auth().oauth2(stranger).post("/api/bookings/" + bookingId + "/cancel").then().statusCode(404);
        given().auth().oauth2(stranger).get("/api/bookings").then().statusCode(200).body("id", org.hamcrest.Matchers.not(hasItem(bookingId)));
        given().get("/api/bookings").then().statusCode(401);
    }

    @Test
    void cancellingRefundsAndFreesTheSeatsForAnotherUser() {
        long performance = BookingFixtures.performanceOnSale();
        String fan = TestTokens.user();
        String bookingId = BookingFixtures.book(fan, BookingFixtures.holdId(fan, performance, "B-5-5"), UUID.randomUUID().toString())
                .then().statusCode(201).extract().path("id");

        given().auth().oauth2(fan).post("/api/bookings/" + bookingId + "/cancel")
                .then().statusCode(200).body("id", is(bookingId)).body("status", is("CANCELLED"));

        assertTrue(payments.refunded(bookingId));
        given().get("/api/performances/" + performance + "/seats").then().body("seats.find { it.id == 'B-5-5' }.status", is("AVAILABLE"));
        BookingFixtures.hold(TestTokens.user(), performance, "B-5-5").then().statusCode(201);
    }

    @Test
    void bookingsOfAClosedPerformanceCannotBeCancelled() throws InterruptedException {
        long performance = BookingFixtures.performanceOnSale();
        String fan = TestTokens.user();
        String bookingId = BookingFixtures.book(fan, BookingFixtures.holdId(fan, performance, "B-6-6"), UUID.randomUUID().toString())
                .then().statusCode(201).extract().path("id");
        BookingFixtures.close(performance);
        Thread.sleep(5_500);
        given().auth().oauth2(fan).post("/api/bookings/" + bookingId + "/cancel")
                .then().statusCode(409).body("type", is("urn:encore:problem:performance-closed"));
    }

    @Test
    void bookedSeatsCountTowardsTheUsersLimit() {
        long performance = BookingFixtures.performanceOnSale();
        String fan = TestTokens.forUser(UUID.randomUUID().toString(), "USER");
        BookingFixtures.book(fan, BookingFixtures.holdId(fan, performance, "A-8-1", "A-8-2", "A-8-3", "A-8-4"),
                UUID.randomUUID().toString()).then().statusCode(201);
        BookingFixtures.hold(fan, performance, "A-8-5").then().statusCode(409).body("type", is("urn:encore:problem:seat-limit-reached"));
    }
}
