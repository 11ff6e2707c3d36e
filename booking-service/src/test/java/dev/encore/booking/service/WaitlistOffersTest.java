package dev.encore.booking.service;

import dev.encore.booking.BookingFixtures;
import dev.encore.booking.WaitlistFixtures;
import dev.encore.booking.client.PaymentStub;
import dev.encore.booking.client.PaymentStubResource.InjectPaymentStub;
import dev.encore.booking.client.WebhookReceiverResource.InjectWebhookReceiver;
import dev.encore.booking.client.WebhookReceiverStub;
import dev.encore.booking.domain.WaitlistEntry;
import dev.encore.booking.repository.WaitlistRepository;
import dev.encore.testsupport.InjectServer;
import dev.encore.testsupport.PostgresServer;
import dev.encore.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The offer round end to end: seats freed by a release, a cancel or a waiter leaving go to the waiters in the order
 * they joined, one offer each, while everyone else's holds are refused; offers are bought like holds; each offer is
 * one signed webhook; a round that died half-way is completed or undone by the next.
 */
@QuarkusTest
class WaitlistOffersTest {

    @InjectServer
    PostgresServer postgres;

    @InjectPaymentStub
    PaymentStub payments;

    @InjectWebhookReceiver
    WebhookReceiverStub receiver;

    @Inject
    WaitlistOffers offers;

    @Inject
    WaitlistRepository entries;

    @Inject
    HoldService holds;

    @Inject
    WaitlistGate gate;

    private final List<Long> performances = new ArrayList<>();

    @BeforeEach
    void providerApproves() {
        payments.mode(PaymentStub.Mode.APPROVE);
    }

    @AfterEach
    void endTheLists() {
        performances.forEach(performance -> WaitlistFixtures.closeAndAwaitNoLiveEntries(postgres, performance));
    }

    @Test
    void seatsFreedTogetherGoToTheEarliestWaitersAndTheRestWaitWhileOthersAreRefused() {
        long performance = performance(8);
        String firstHolder = TestTokens.user();
        String firstHold = BookingFixtures.holdId(firstHolder, performance, "A-1-1", "A-1-2", "A-1-3", "A-1-4");
        String secondHolder = TestTokens.user();
        String secondHold = BookingFixtures.holdId(secondHolder, performance, "A-1-5", "A-1-6", "A-1-7", "A-1-8");
        List<String> waiters = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            waiters.add(TestTokens.user());
            WaitlistFixtures.join(waiters.get(i), performance, 1).then().statusCode(201).body("position", is(i + 1));
        }

        given().auth().oauth2(firstHolder).delete("/api/holds/" + firstHold).then().statusCode(204);

        Set<String> offered = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            Response offer = WaitlistFixtures.awaitOffer(waiters.get(i), performance);
            assertEquals(0, (int) offer.path("position"), "an offered entry waits behind nobody");
            List<String> seats = offer.jsonPath().getList("offer.seatIds", String.class);
            assertEquals(1, seats.size());
            assertTrue(offered.add(seats.getFirst()), "one seat offered twice: " + seats);
        }
        assertEquals(Set.of("A-1-1", "A-1-2", "A-1-3", "A-1-4"), offered);
        // the offered ones no longer count ahead of those still waiting
        for (int i = 4; i < 6; i++) {
            WaitlistFixtures.entry(waiters.get(i), performance).then().statusCode(200).body("status", is("WAITING"))
                    .body("position", is(i - 3));
        }
        // while anyone waits, freed seats are not for the public, by seat or best available: seen with no round
        // running (it would offer them within the second), as a hold in the instant after a release sees them
        WaitlistFixtures.await("the round lock", () -> offers.whileRoundLocked(performance, () -> {
            given().auth().oauth2(secondHolder).delete("/api/holds/" + secondHold).then().statusCode(204);
            BookingFixtures.hold(TestTokens.user(), performance, "A-1-5").then().statusCode(409)
                    .body("type", is("urn:encore:problem:waitlist-first"));
            given().auth().oauth2(TestTokens.user()).contentType(ContentType.JSON)
                    .body(Map.of("performanceId", performance, "count", 1)).post("/api/holds/best").then().statusCode(409)
                    .body("type", is("urn:encore:problem:waitlist-first"));
        }));

        WaitlistFixtures.awaitOffer(waiters.get(4), performance);
        WaitlistFixtures.awaitOffer(waiters.get(5), performance);
        // nobody waits any more: the two seats left are anyone's (once every replica's gate has seen it)
        WaitlistFixtures.await("the public to hold again", () -> given().auth().oauth2(TestTokens.user())
                .contentType(ContentType.JSON).body(Map.of("performanceId", performance, "count", 2))
                .post("/api/holds/best").statusCode() == 201);
    }

    @Test
    void anOfferIsBoughtLikeAHoldAndOneLeftPassesToTheNextWaiterAsACancelledBookingDoes() {
        long performance = performance(2);
        String buyer = TestTokens.user();
        String booking = BookingFixtures.book(buyer, BookingFixtures.holdId(buyer, performance, "A-1-1"),
                UUID.randomUUID().toString()).then().statusCode(201).extract().path("id");
        BookingFixtures.holdId(TestTokens.user(), performance, "A-1-2");
        String first = TestTokens.user();
        String second = TestTokens.user();
        String third = TestTokens.user();
        WaitlistFixtures.join(first, performance, 1).then().statusCode(201);
        WaitlistFixtures.join(second, performance, 1).then().statusCode(201);
        WaitlistFixtures.join(third, performance, 1).then().statusCode(201);

        given().auth().oauth2(buyer).post("/api/bookings/" + booking + "/cancel").then().statusCode(200);
        Response offer = WaitlistFixtures.awaitOffer(first, performance);
        String holdId = offer.path("offer.holdId");
        assertEquals(List.of("A-1-1"), offer.jsonPath().getList("offer.seatIds", String.class));
        // the offer is the first waiter's own hold: nobody else can buy it
        BookingFixtures.book(second, holdId, UUID.randomUUID().toString()).then().statusCode(404);

        // the first waiter leaves: its offer is released and goes to the second
        given().auth().oauth2(first).delete(WaitlistFixtures.path(performance)).then().statusCode(204);
        Response passed = WaitlistFixtures.awaitOffer(second, performance);
        assertEquals(List.of("A-1-1"), passed.jsonPath().getList("offer.seatIds", String.class));
        WaitlistFixtures.entry(third, performance).then().statusCode(200).body("status", is("WAITING"));

        // the second buys it, and its entry ends BOOKED
        BookingFixtures.book(second, passed.path("offer.holdId"), UUID.randomUUID().toString()).then().statusCode(201)
                .body("seatIds", is(List.of("A-1-1")));
        // over for its waiter at once, and BOOKED by the next round
        WaitlistFixtures.entry(second, performance).then().statusCode(404);
        WaitlistFixtures.await("the bought offer's entry to end BOOKED", () -> WaitlistFixtures.count(postgres,
                "SELECT count(*) FROM waitlist_entry WHERE performance_id = ? AND status = 'BOOKED'", performance) == 1);
    }

    @Test
    void seatsNoWaiterCanTakeStayOnSaleAndAClosedPerformanceEndsOffersAndWaitersAlike() {
        long performance = performance(3);
        String single = TestTokens.user();
        String singleHold = BookingFixtures.holdId(single, performance, "A-1-1");
        String pair = TestTokens.user();
        String pairHold = BookingFixtures.holdId(pair, performance, "A-1-2", "A-1-3");
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        WaitlistFixtures.join(TestTokens.forUser(first.toString(), "USER"), performance, 2).then().statusCode(201);

        // one free seat: no waiter wants as few, so anyone may hold it
        given().auth().oauth2(single).delete("/api/holds/" + singleHold).then().statusCode(204);
        BookingFixtures.hold(TestTokens.user(), performance, "A-1-1").then().statusCode(201);
        // two free seats: they are the waiter's
        given().auth().oauth2(pair).delete("/api/holds/" + pairHold).then().statusCode(204);
        String holdId = WaitlistFixtures.awaitOffer(TestTokens.forUser(first.toString(), "USER"), performance).path("offer.holdId");
        WaitlistFixtures.join(TestTokens.forUser(second.toString(), "USER"), performance, 1).then().statusCode(201);

        BookingFixtures.close(performance);
        WaitlistFixtures.await("both entries to end", () -> WaitlistFixtures.liveEntries(postgres, performance) == 0);
        assertEquals(2, WaitlistFixtures.count(postgres,
                "SELECT count(*) FROM waitlist_entry WHERE performance_id = ? AND status = 'DROPPED'", performance));
        for (UUID waiter : List.of(first, second)) {
            WaitlistFixtures.await("the waiter told its entry ended", () -> receiver.deliveriesContaining(waiter.toString()).stream()
                    .anyMatch(delivery -> delivery.body().contains("\"type\":\"waitlist.ended\"")
                            && delivery.body().contains("\"reason\":\"closed\"")));
        }
        assertTrue(receiver.deliveriesContaining(holdId).stream()
                .noneMatch(delivery -> delivery.body().contains("waitlist.offer-expired")));
    }

    @Test
    void aReplicaStartingKnowsTheWaitersBeforeItsFirstRound() {
        long performance = performance(1);
        String holder = TestTokens.user();
        String hold = BookingFixtures.holdId(holder, performance, "A-1-1");
        WaitlistFixtures.join(TestTokens.user(), performance, 1).then().statusCode(201);
        WaitlistFixtures.await("the round lock", () -> offers.whileRoundLocked(performance, () -> {
            // as a replica that has just started: nothing read yet
            gate.refresh(Map.of(), System.nanoTime());
            assertTrue(!gate.hasWaiters(performance));
            offers.loadGate(null);
            assertTrue(gate.hasWaiters(performance));
            given().auth().oauth2(holder).delete("/api/holds/" + hold).then().statusCode(204);
            BookingFixtures.hold(TestTokens.user(), performance, "A-1-1").then().statusCode(409)
                    .body("type", is("urn:encore:problem:waitlist-first"));
        }));
    }

    @Test
    void eachOfferIsOneSignedWebhookNamingTheWaiterAndItsHold() {
        long performance = performance(1);
        String holder = TestTokens.user();
        String hold = BookingFixtures.holdId(holder, performance, "A-1-1");
        UUID waiter = UUID.randomUUID();
        String token = TestTokens.forUser(waiter.toString(), "USER");
        WaitlistFixtures.join(token, performance, 1).then().statusCode(201);

        given().auth().oauth2(holder).delete("/api/holds/" + hold).then().statusCode(204);
        String holdId = WaitlistFixtures.awaitOffer(token, performance).path("offer.holdId");

        WaitlistFixtures.await("the offer's webhook", () -> !receiver.deliveriesContaining(holdId).isEmpty());
        List<WebhookReceiverStub.Delivery> deliveries = receiver.deliveriesContaining(holdId);
        assertEquals(1, deliveries.size(), deliveries.toString());
        WebhookReceiverStub.Delivery delivery = deliveries.getFirst();
        assertTrue(delivery.signatureValid(), delivery.toString());
        assertTrue(delivery.body().contains("\"type\":\"waitlist.offer\""), delivery.body());
        assertTrue(delivery.body().contains("\"userId\":\"" + waiter + "\""), delivery.body());
        assertTrue(delivery.body().contains("\"seatIds\":[\"A-1-1\"]"), delivery.body());
        assertTrue(Math.abs(Long.parseLong(delivery.timestamp()) - System.currentTimeMillis() / 1000) < 60, delivery.timestamp());
    }

    @Test
    void aRoundThatDiedAfterTakingTheHoldIsCompletedAndOneThatDiedBeforeIsUndone() {
        long performance = performance(2);
        UUID taken = UUID.randomUUID();
        UUID notTaken = UUID.randomUUID();
        String holder = TestTokens.user();
        String hold = BookingFixtures.holdId(holder, performance, "A-1-1", "A-1-2");
        WaitlistFixtures.join(TestTokens.forUser(taken.toString(), "USER"), performance, 1).then().statusCode(201);
        WaitlistFixtures.join(TestTokens.forUser(notTaken.toString(), "USER"), performance, 1).then().statusCode(201);
        List<WaitlistEntry> waiting = entries.inStatus(performance, WaitlistEntry.Status.WAITING);

        // a round on a replica that then died: both entries marked OFFERING, the first one's hold taken, the second's not
        UUID firstHold = UUID.randomUUID();
        UUID secondHold = UUID.randomUUID();
        // no round of this replica may run meanwhile: hold the performance's round lock the way a round does
        WaitlistFixtures.await("the round lock", () -> offers.whileRoundLocked(performance, () -> {
            given().auth().oauth2(holder).delete("/api/holds/" + hold).then().statusCode(204);
            assertTrue(entries.markOffering(waiting.get(0).id(), firstHold, List.of("A-1-1")));
            assertTrue(entries.markOffering(waiting.get(1).id(), secondHold, List.of("A-1-2")));
            holds.holdOffered(firstHold, taken, performance, List.of("A-1-1"), Duration.ofMinutes(10)).await().indefinitely();
        }));

        WaitlistFixtures.await("the next round to settle both", () -> WaitlistFixtures.count(postgres,
                "SELECT count(*) FROM waitlist_entry WHERE performance_id = ? AND status = 'OFFERED'", performance) == 2);
        List<WaitlistEntry> offered = entries.inStatus(performance, WaitlistEntry.Status.OFFERED);
        assertEquals(firstHold, offered.get(0).holdId());
        // the second was put back and offered again, under a new hold, on the seat its lost hold had chosen
        assertTrue(!secondHold.equals(offered.get(1).holdId()));
        assertEquals(List.of("A-1-2"), offered.get(1).offerSeatIds());
        // one offer notification each, none for the undone attempt
        String byHold = "SELECT count(*) FROM outbox_message WHERE event_type = 'waitlist.offer' AND payload LIKE ?";
        assertEquals(1, WaitlistFixtures.count(postgres, byHold, "%\"holdId\":\"" + firstHold + "\"%"));
        assertEquals(0, WaitlistFixtures.count(postgres, byHold, "%\"holdId\":\"" + secondHold + "\"%"));
    }

    private long performance(int seats) {
        long performance = BookingFixtures.smallPerformance(seats);
        performances.add(performance);
        return performance;
    }
}
