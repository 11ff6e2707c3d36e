package dev.encore.booking.service;

import dev.encore.booking.BookingFixtures;
import dev.encore.booking.WaitlistFixtures;
import dev.encore.booking.client.PaymentStub;
import dev.encore.booking.client.PaymentStubResource.InjectPaymentStub;
import dev.encore.booking.client.WebhookReceiverResource.InjectWebhookReceiver;
import dev.encore.booking.client.WebhookReceiverStub;
import dev.encore.testsupport.InjectServer;
import dev.encore.testsupport.PostgresServer;
import dev.encore.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The release paths that need time: a hold's expiry frees seats for the waiters, an offer not bought in time (also
 * after a declined payment) passes to the next waiter, with an {@code waitlist.offer-expired} webhook.
 */
@QuarkusTest
@TestProfile(WaitlistExpiryTest.ShortHoldsAndOffers.class)
class WaitlistExpiryTest {

    /** Holds and offers of 3 s. */
    public static class ShortHoldsAndOffers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("encore.booking.hold-ttl", "PT3S", "encore.waitlist.offer-ttl", "PT3S");
        }
    }

    @InjectServer
    PostgresServer postgres;

    @InjectPaymentStub
    PaymentStub payments;

    @InjectWebhookReceiver
    WebhookReceiverStub receiver;

    private long performance;

    @AfterEach
    void endTheList() {
        payments.mode(PaymentStub.Mode.APPROVE);
        WaitlistFixtures.closeAndAwaitNoLiveEntries(postgres, performance);
    }

    @Test
    void expiredHoldsGoToTheWaitersAndOffersNotBoughtInTimePassOn() {
        performance = BookingFixtures.smallPerformance(2);
        BookingFixtures.holdId(TestTokens.user(), performance, "A-1-1", "A-1-2");
        String first = TestTokens.user();
        String second = TestTokens.user();
        UUID thirdId = UUID.randomUUID();
        String third = TestTokens.forUser(thirdId.toString(), "USER");
        WaitlistFixtures.join(first, performance, 1).then().statusCode(201);
        WaitlistFixtures.join(second, performance, 1).then().statusCode(201);
        WaitlistFixtures.join(third, performance, 1).then().statusCode(201);

        // the holder never pays: its hold expires and both seats go to the first two waiters
        Response firstOffer = WaitlistFixtures.awaitOffer(first, performance);
        Response secondOffer = WaitlistFixtures.awaitOffer(second, performance);
        WaitlistFixtures.entry(third, performance).then().body("status", is("WAITING"));

        // the second waiter's payment is declined; the offer stays until it lapses
        payments.mode(PaymentStub.Mode.DECLINE);
        BookingFixtures.book(second, secondOffer.path("offer.holdId"), UUID.randomUUID().toString()).then().statusCode(402);

        // neither offer is bought in time: the first lapsed seat goes to the third waiter, the other is then free
        Response thirdOffer = WaitlistFixtures.awaitOffer(third, performance);
        List<String> lapsed = List.of(firstOffer.jsonPath().getString("offer.seatIds[0]"),
                secondOffer.jsonPath().getString("offer.seatIds[0]"));
        assertTrue(lapsed.contains(thirdOffer.jsonPath().getString("offer.seatIds[0]")), thirdOffer.asString());
        WaitlistFixtures.await("both lapsed entries to end", () -> WaitlistFixtures.entry(first, performance).statusCode() == 404
                && WaitlistFixtures.entry(second, performance).statusCode() == 404);
        assertEquals(2, WaitlistFixtures.count(postgres,
                "SELECT count(*) FROM waitlist_entry WHERE performance_id = ? AND status = 'EXPIRED'", performance));

        String firstHold = firstOffer.path("offer.holdId");
        WaitlistFixtures.await("the lapsed offer's webhook", () -> receiver.deliveriesContaining(firstHold).stream()
                .anyMatch(delivery -> delivery.body().contains("\"type\":\"waitlist.offer-expired\"")));
        // the outbox delivers each message on its own schedule: the third offer's webhook may come after the lapse's
        WaitlistFixtures.await("the third waiter's offer webhook", () -> receiver.deliveriesContaining(thirdId.toString())
                .stream().anyMatch(delivery -> delivery.body().contains("\"type\":\"waitlist.offer\"")
                        && delivery.signatureValid()));
    }
}
