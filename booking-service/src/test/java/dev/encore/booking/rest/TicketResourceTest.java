package dev.encore.booking.rest;

import dev.encore.booking.BookingFixtures;
import dev.encore.booking.client.PaymentStub;
import dev.encore.booking.client.PaymentStubResource.InjectPaymentStub;
import dev.encore.booking.service.QrSvgTest;
import dev.encore.testsupport.InjectServer;
import dev.encore.testsupport.PostgresServer;
import dev.encore.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class TicketResourceTest {

    @InjectPaymentStub
    PaymentStub payments;

    @InjectServer
    PostgresServer postgres;

    @BeforeEach
    void providerApproves() {
        payments.mode(PaymentStub.Mode.APPROVE);
    }

    @Test
    void aConfirmedBookingHasOneTicketPerSeatWhoseCodeVerifiesOfflineAndWhoseQrHoldsIt() throws Exception {
        long performance = BookingFixtures.performanceOnSale();
        String fan = TestTokens.user();
        String booking = confirmedBooking(fan, performance, "A-3-1", "B-3-1");

        JsonPath tickets = given().auth().oauth2(fan).get("/api/bookings/" + booking + "/tickets").then().statusCode(200)
                .body("size()", is(2))
                .body("seatId", is(List.of("A-3-1", "B-3-1")))
                .body("[0].bookingId", is(booking))
                .body("[0].performanceId", is((int) performance))
                .body("[0].checkedInAt", nullValue())
                .header("Cache-Control", "no-store")
                .extract().jsonPath();

        // what a scanner does offline: the published key set, ES256 only, typ and issuer checked
        JwtConsumer offline = new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(new JsonWebKeySet(
                        given().get("/api/tickets/jwks.json").then().statusCode(200)
                                .header("Cache-Control", "public, max-age=300")
                                .body("keys[0].alg", is("ES256")).body("keys[0].use", is("sig"))
                                .extract().asString()).getJsonWebKeys()))
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, "ES256")
                .setExpectedType(true, "ticket+jwt")
                .setExpectedIssuer("urn:encore:tickets")
                .build();
        for (int i = 0; i < 2; i++) {
            String code = tickets.getString("[" + i + "].code");
            JwtClaims claims = offline.processToClaims(code);
            assertEquals(booking, claims.getStringClaimValue("bid"));
            assertEquals(performance, claims.getClaimValue("pid"));
            assertEquals(tickets.getString("[" + i + "].seatId"), claims.getStringClaimValue("seat"));
            assertEquals(code, QrSvgTest.decode(tickets.getString("[" + i + "].qrSvg")));
        }
    }

    @Test
    void ticketsAreTheOwnersAndOnlyAConfirmedBookingsOnes() {
        long performance = BookingFixtures.performanceOnSale();
        String fan = TestTokens.user();
        String booking = confirmedBooking(fan, performance, "A-3-2");

        given().auth().oauth2(TestTokens.user()).get("/api/bookings/" + booking + "/tickets").then().statusCode(404)
                .body("type", is("urn:encore:problem:booking-not-found"));
        given().auth().oauth2(TestTokens.admin()).get("/api/bookings/" + booking + "/tickets").then().statusCode(404);
        given().get("/api/bookings/" + booking + "/tickets").then().statusCode(401);
        given().auth().oauth2(fan).get("/api/bookings/" + UUID.randomUUID() + "/tickets").then().statusCode(404);
        // differently spelled: the path's id is a UUID, in any case, or nothing
        given().auth().oauth2(fan).get("/api/bookings/" + booking.toUpperCase() + "/tickets").then().statusCode(200);
        given().auth().oauth2(TestTokens.user()).get("/api/bookings/" + booking.toUpperCase() + "/tickets").then().statusCode(404);

        payments.mode(PaymentStub.Mode.DECLINE);
        String declined = BookingFixtures.holdId(fan, performance, "A-3-3");
        BookingFixtures.book(fan, declined, UUID.randomUUID().toString()).then().statusCode(402);
        String failedId = given().auth().oauth2(fan).get("/api/bookings").then()
                .extract().jsonPath().getString("find { it.status == 'FAILED' }.id");
        given().auth().oauth2(fan).get("/api/bookings/" + failedId + "/tickets").then().statusCode(409)
                .body("type", is("urn:encore:problem:booking-state-conflict"));
    }

    @Test
    void aScannerChecksATicketInOnceAndTheSecondScanSaysWhen() {
        long performance = BookingFixtures.performanceOnSale();
        String fan = TestTokens.user();
        String booking = confirmedBooking(fan, performance, "A-4-1", "A-4-2");
        List<String> codes = codes(fan, booking);

        String at = checkIn(scanner(), codes.get(0)).then().statusCode(200)
                .body("bookingId", is(booking)).body("performanceId", is((int) performance)).body("seatId", is("A-4-1"))
                .extract().path("checkedInAt");
        checkIn(scanner(), codes.get(0)).then().statusCode(409).contentType("application/problem+json")
                .body("type", is("urn:encore:problem:already-checked-in")).body("checkedInAt", is(at));
        // another issue of the same ticket is the same ticket
        checkIn(scanner(), codes(fan, booking).get(0)).then().statusCode(409).body("checkedInAt", is(at));
        // an administrator may scan too; the other seat is its own ticket
        checkIn(TestTokens.admin(), codes.get(1)).then().statusCode(200).body("seatId", is("A-4-2"));

        given().auth().oauth2(fan).get("/api/bookings/" + booking + "/tickets").then().statusCode(200)
                .body("[0].checkedInAt", is(at));
    }

    @Test
    void onlyAScannerOrAnAdministratorChecksIn() {
        String fan = TestTokens.user();
        String booking = confirmedBooking(fan, BookingFixtures.performanceOnSale(), "A-5-1");
        String code = codes(fan, booking).getFirst();

        checkIn(fan, code).then().statusCode(403).body("type", is("urn:encore:problem:forbidden"));
        checkIn(TestTokens.user(), code).then().statusCode(403);
        given().contentType(ContentType.JSON).body(Map.of("code", code)).post("/api/check-ins").then().statusCode(401);
        // a trailing slash reaches the same resource, and the same check
        given().contentType(ContentType.JSON).body(Map.of("code", code)).post("/api/check-ins/").then().statusCode(401);
        given().auth().oauth2(fan).contentType(ContentType.JSON).body(Map.of("code", code)).post("/api/check-ins/")
                .then().statusCode(403);

        checkIn(scanner(), code).then().statusCode(200);
    }

    @Test
    void aCodeEncoreDidNotSignIs400NamingCodeAndAdmitsNobody() throws Exception {
        String fan = TestTokens.user();
        long performance = BookingFixtures.performanceOnSale();
        String booking = confirmedBooking(fan, performance, "A-6-1");
        String genuine = codes(fan, booking).getFirst();
        String[] parts = genuine.split("\\.");
        String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);

        List<String> forged = new ArrayList<>();
        // another seat in the claims under the genuine signature
        forged.add(parts[0] + "." + b64(claims.replace("A-6-1", "A-6-2")) + "." + parts[2]);
        // signed by another P-256 key that claims the published kid
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(EllipticCurves.P256);
        KeyPair other = generator.generateKeyPair();
        JsonWebSignature impostor = new JsonWebSignature();
        impostor.setPayload(claims);
        impostor.setKey(other.getPrivate());
        impostor.setAlgorithmHeaderValue("ES256");
        impostor.setHeader("typ", "ticket+jwt");
        impostor.setKeyIdHeaderValue(JsonPath.from(header).getString("kid"));
        forged.add(impostor.getCompactSerialization());
        // no signature at all
        forged.add(b64("{\"alg\":\"none\",\"typ\":\"ticket+jwt\"}") + "." + parts[1] + ".");
        // an access token is signed by encore, but it is not a ticket
        forged.add(fan);
        forged.add(genuine.substring(0, genuine.length() - 4));
        // the genuine code in another spelling: base64url padding
        forged.add(genuine + "==");
        forged.add("not a code");

        for (String code : forged) {
            checkIn(scanner(), code).then().statusCode(400).contentType("application/problem+json")
                    .body("type", is("urn:encore:problem:validation")).body("errors[0].field", is("code"));
        }
        for (String code : new String[] {"", " ", "x".repeat(2049)}) {
            checkIn(scanner(), code).then().statusCode(400).body("errors[0].field", is("code"));
        }
        given().auth().oauth2(scanner()).contentType(ContentType.JSON).body("{}").post("/api/check-ins").then().statusCode(400);

        given().auth().oauth2(fan).get("/api/bookings/" + booking + "/tickets").then().body("[0].checkedInAt", nullValue());
        checkIn(scanner(), genuine).then().statusCode(200);
    }

    @Test
    void aCancelledBookingsTicketsAreVoidAndACheckedInBookingCannotBeCancelled() {
        long performance = BookingFixtures.performanceOnSale();
        String fan = TestTokens.user();
        String cancelled = confirmedBooking(fan, performance, "A-7-1");
        String code = codes(fan, cancelled).getFirst();
        given().auth().oauth2(fan).post("/api/bookings/" + cancelled + "/cancel").then().statusCode(200);

        checkIn(scanner(), code).then().statusCode(410).contentType("application/problem+json")
                .body("type", is("urn:encore:problem:ticket-void"))
                .body("bookingStatus", is("CANCELLED")).body("cancelReason", is("BUYER"));
        given().auth().oauth2(fan).get("/api/bookings/" + cancelled + "/tickets").then().statusCode(409);

        String used = confirmedBooking(fan, performance, "A-7-2", "A-7-3");
        checkIn(scanner(), codes(fan, used).getFirst()).then().statusCode(200);
        int refundsBefore = payments.refundCalls();
        given().auth().oauth2(fan).post("/api/bookings/" + used + "/cancel").then().statusCode(409)
                .body("type", is("urn:encore:problem:booking-checked-in"));
        given().auth().oauth2(fan).get("/api/bookings/" + used).then().body("status", is("CONFIRMED"));
        assertEquals(refundsBefore, payments.refundCalls(), "a refused cancel refunds nothing");
    }

    @Test
    void aScanWhileTheBuyerCancelsIsToldToWaitAndIsVoidOnceTheCancelIsDone() throws Exception {
        String fan = TestTokens.user();
        String booking = confirmedBooking(fan, BookingFixtures.performanceOnSale(), "A-8-1");
        String code = codes(fan, booking).getFirst();
        payments.closeRefundGate();
        try (ExecutorService buyer = Executors.newSingleThreadExecutor()) {
            Future<Response> cancel = buyer.submit(() -> given().auth().oauth2(fan).post("/api/bookings/" + booking + "/cancel"));
            payments.awaitRefunds(1);

            // the refund is being asked for: neither admitted nor void yet, and no second cancel meanwhile
            checkIn(scanner(), code).then().statusCode(409).contentType("application/problem+json")
                    .body("type", is("urn:encore:problem:cancel-in-progress")).header("Retry-After", "1");
            given().auth().oauth2(fan).post("/api/bookings/" + booking + "/cancel").then().statusCode(409)
                    .body("type", is("urn:encore:problem:cancel-in-progress"));

            payments.openRefundGate();
            cancel.get().then().statusCode(200).body("status", is("CANCELLED"));
        } finally {
            payments.openRefundGate();
        }
        checkIn(scanner(), code).then().statusCode(410);
    }

    @Test
    void aCancelWhoseRefundFailsLeavesTheTicketsValid() throws Exception {
        String fan = TestTokens.user();
        String booking = confirmedBooking(fan, BookingFixtures.performanceOnSale(), "A-8-2");
        String code = codes(fan, booking).getFirst();
        payments.mode(PaymentStub.Mode.DOWN);
        try {
            given().auth().oauth2(fan).post("/api/bookings/" + booking + "/cancel").then().statusCode(503);
        } finally {
            payments.mode(PaymentStub.Mode.APPROVE);
        }

        checkIn(scanner(), code).then().statusCode(200);
        PaymentStub.awaitBreakerClosed();
    }

    @Test
    void aCancelAbandonedByItsReplicaKeepsTheTicketsUnusableUntilTheRefundRoundCompletesIt() throws Exception {
        String fan = TestTokens.user();
        String booking = confirmedBooking(fan, BookingFixtures.performanceOnSale(), "A-8-4");
        String code = codes(fan, booking).getFirst();
        // what a replica that died after marking its cancel leaves behind: the mark, past its lease
        try (Connection db = postgres.superuserConnection("encore_booking");
             PreparedStatement mark = db.prepareStatement(
                     "UPDATE booking SET cancelling_until = statement_timestamp() - interval '1 second' WHERE id = ?")) {
            mark.setObject(1, UUID.fromString(booking));
            assertEquals(1, mark.executeUpdate());
        }

        checkIn(scanner(), code).then().statusCode(409).body("type", is("urn:encore:problem:cancel-in-progress"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!"CANCELLED".equals(given().auth().oauth2(fan).get("/api/bookings/" + booking).path("status"))) {
            assertTrue(System.nanoTime() < deadline, "the refund round did not complete the abandoned cancel");
            Thread.sleep(250);
        }
        given().auth().oauth2(fan).get("/api/bookings/" + booking).then()
                .body("cancelReason", is("BUYER")).body("refunded", is(true));
        assertTrue(payments.refunded(booking));
        checkIn(scanner(), code).then().statusCode(410);
    }

    @Test
    void aDoorThatNamesItsPerformanceRefusesATicketForAnother() {
        long performance = BookingFixtures.performanceOnSale();
        String fan = TestTokens.user();
        String code = codes(fan, confirmedBooking(fan, performance, "A-8-3")).getFirst();

        given().auth().oauth2(scanner()).contentType(ContentType.JSON).body(Map.of("code", code, "performanceId", performance + 1))
                .post("/api/check-ins").then().statusCode(409)
                .body("type", is("urn:encore:problem:wrong-performance")).body("ticketPerformanceId", is((int) performance));
        given().auth().oauth2(scanner()).contentType(ContentType.JSON).body(Map.of("code", code, "performanceId", performance))
                .post("/api/check-ins").then().statusCode(200);
    }

    @Test
    void manyScannersOfOneCodeAtOnceAdmitExactlyOnce() throws Exception {
        long performance = BookingFixtures.performanceOnSale();
        List<String> codes = new ArrayList<>();
        for (int row = 1; row <= 3; row++) {
            String fan = TestTokens.user();
            codes.addAll(codes(fan, confirmedBooking(fan, performance, "B-" + row + "-1", "B-" + row + "-2", "B-" + row + "-3")));
        }
        for (String code : codes) {
            List<Callable<Response>> scans = Collections.nCopies(6, () -> checkIn(scanner(), code));
            List<Integer> statuses = new ArrayList<>();
            List<String> times = new ArrayList<>();
            try (ExecutorService scanners = Executors.newFixedThreadPool(scans.size())) {
                for (Future<Response> scan : scanners.invokeAll(scans)) {
                    Response answer = scan.get();
                    statuses.add(answer.statusCode());
                    times.add(answer.jsonPath().getString("checkedInAt"));
                }
            }
            assertEquals(1, statuses.stream().filter(s -> s == 200).count(), "one admission per ticket: " + statuses);
            assertEquals(5, statuses.stream().filter(s -> s == 409).count(), "the rest are told it was used: " + statuses);
            assertEquals(1, times.stream().distinct().count(), "every answer names the one check-in: " + times);
            assertFalse(times.contains(null));
        }
    }

    static String confirmedBooking(String token, long performance, String... seats) {
        String hold = BookingFixtures.holdId(token, performance, seats);
        return BookingFixtures.book(token, hold, UUID.randomUUID().toString()).then().statusCode(201).extract().path("id");
    }

    private static List<String> codes(String token, String booking) {
        return given().auth().oauth2(token).get("/api/bookings/" + booking + "/tickets").then().statusCode(200)
                .extract().jsonPath().getList("code", String.class);
    }

    private static Response checkIn(String token, String code) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("code", code)).post("/api/check-ins");
    }

    private static String scanner() {
        return TestTokens.forUser(UUID.randomUUID().toString(), "SCANNER");
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
