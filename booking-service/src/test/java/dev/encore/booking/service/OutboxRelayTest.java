package dev.encore.booking.service;

import dev.encore.booking.WaitlistFixtures;
import dev.encore.booking.client.WebhookReceiverResource.InjectWebhookReceiver;
import dev.encore.booking.client.WebhookReceiverStub;
import dev.encore.booking.repository.JdbcTransactions;
import dev.encore.booking.repository.OutboxRepository;
import dev.encore.testsupport.InjectServer;
import dev.encore.testsupport.PostgresServer;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outbox's delivery guarantees: a notification exists exactly when its transaction committed; it reaches the
 * receiver signed, once, though several relays run at once; a receiver's failures are retried; a relay that dies
 * while holding messages leaves them to another after their lease; a notification is given up after its attempts.
 */
@QuarkusTest
class OutboxRelayTest {

    @InjectServer
    PostgresServer postgres;

    @InjectWebhookReceiver
    WebhookReceiverStub receiver;

    @Inject
    OutboxRepository outbox;

    @Inject
    OutboxRelay relay;

    @Inject
    JdbcTransactions jdbc;

    @AfterEach
    void receiverAccepts() {
        receiver.refuseWhen(body -> false);
        receiver.slowWhen(body -> false);
    }

    @Test
    void aNotificationExistsOnlyIfItsTransactionCommitted() {
        String marker = UUID.randomUUID().toString();
        assertThrows(IllegalStateException.class, () -> jdbc.run("A change that fails", connection -> {
            outbox.add(connection, "test.rolled-back", "{\"marker\":\"" + marker + "\"}");
            throw new IllegalStateException("the change failed after its notification was written");
        }));

        assertEquals(0, messages(marker));
    }

    @Test
    void everyNotificationReachesTheReceiverSignedAndOnceWhileSeveralRelaysRun() throws Exception {
        String marker = UUID.randomUUID().toString();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            int n = i;
            ids.add(jdbc.run("A change", connection ->
                    outbox.add(connection, "test.storm", "{\"marker\":\"" + marker + "\",\"n\":" + n + "}")));
        }

        // three relays besides this replica's scheduled one, as on four replicas
        List<Callable<Integer>> relays = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            relays.add(() -> {
                int sent = 0;
                for (int claimed; (claimed = relay.deliverDue()) > 0; ) {
                    sent += claimed;
                }
                return sent;
            });
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(relays.size())) {
            for (Future<Integer> done : pool.invokeAll(relays)) {
                done.get();
            }
        }
        WaitlistFixtures.await("every notification delivered", () -> delivered(marker) == 60);

        for (UUID id : ids) {
            List<WebhookReceiverStub.Delivery> got = receiver.deliveriesOf(id.toString());
            assertEquals(1, got.size(), "notification " + id + " arrived " + got.size() + " times");
            assertTrue(got.getFirst().signatureValid(), got.getFirst().toString());
        }
    }

    @Test
    void aSlowAnswerHoldsUpNoOtherNotification() {
        String marker = UUID.randomUUID().toString();
        receiver.slowWhen(body -> body.contains(marker + "-slow"));
        // written in one transaction, the slow one first: both are due together
        List<UUID> ids = jdbc.run("Two changes", connection -> List.of(
                outbox.add(connection, "test.slow", "{\"marker\":\"" + marker + "-slow\"}"),
                outbox.add(connection, "test.quick", "{\"marker\":\"" + marker + "-quick\"}")));

        WaitlistFixtures.await("both delivered", () -> delivered(marker) == 2);
        long slowArrived = receiver.deliveriesOf(ids.get(0).toString()).getFirst().arrivedAt();
        long quickArrived = receiver.deliveriesOf(ids.get(1).toString()).getFirst().arrivedAt();
        // sent one after the other, the quick one would arrive only once the slow one was answered, 3 s later
        assertTrue(Duration.ofNanos(Math.abs(quickArrived - slowArrived)).toMillis() < 1_500,
                "arrived " + Duration.ofNanos(quickArrived - slowArrived).toMillis() + " ms apart");
    }

    @Test
    void aReceiverThatFailsIsRetriedUntilItAnswers2xx() {
        String marker = UUID.randomUUID().toString();
        receiver.refuseWhen(body -> body.contains(marker));
        UUID id = jdbc.run("A change", connection -> outbox.add(connection, "test.retried", "{\"marker\":\"" + marker + "\"}"));
        WaitlistFixtures.await("two refused attempts", () -> receiver.deliveriesOf(id.toString()).size() >= 2);

        receiver.refuseWhen(body -> false);
        WaitlistFixtures.await("the delivery after the receiver is back", () -> delivered(marker) == 1);

        List<WebhookReceiverStub.Delivery> attempts = receiver.deliveriesOf(id.toString());
        assertEquals(204, attempts.getLast().status());
        assertTrue(attempts.subList(0, attempts.size() - 1).stream().allMatch(attempt -> attempt.status() == 500));
        // the same webhook-id on every attempt, each signed for its own timestamp
        assertTrue(attempts.stream().allMatch(WebhookReceiverStub.Delivery::signatureValid));
    }

    @Test
    void aMessageClaimedByARelayThatDiedIsSentByAnotherAfterItsLease() throws InterruptedException {
        String marker = UUID.randomUUID().toString();
        // written and claimed in one transaction, as a relay that then died leaves it: leased for 3 s, one attempt
        UUID id = jdbc.run("A change", connection -> {
            UUID added = outbox.add(connection, "test.orphaned", "{\"marker\":\"" + marker + "\"}");
            try (var claim = connection.prepareStatement("UPDATE outbox_message "
                    + "SET next_attempt_at = statement_timestamp() + interval '3 seconds', attempts = 1 WHERE id = ?")) {
                claim.setObject(1, added);
                claim.executeUpdate();
            }
            return added;
        });
        relay.deliverDue();
        Thread.sleep(1_500);
        assertEquals(0, receiver.deliveriesOf(id.toString()).size(), "sent while another relay's lease ran");

        WaitlistFixtures.await("the delivery after the lease", () -> delivered(marker) == 1);
        assertEquals(1, receiver.deliveriesOf(id.toString()).size());
    }

    @Test
    void aNotificationIsGivenUpAfterItsLastAttempt() {
        String marker = UUID.randomUUID().toString();
        receiver.refuseWhen(body -> body.contains(marker));
        UUID id = jdbc.run("A change", connection -> {
            UUID added = outbox.add(connection, "test.given-up", "{\"marker\":\"" + marker + "\"}");
            // as after eleven failed attempts (the twelfth is the last)
            try (var update = connection.prepareStatement("UPDATE outbox_message SET attempts = 11 WHERE id = ?")) {
                update.setObject(1, added);
                update.executeUpdate();
            }
            return added;
        });

        WaitlistFixtures.await("the message given up", () -> WaitlistFixtures.count(postgres,
                "SELECT count(*) FROM outbox_message WHERE id = ? AND given_up_at IS NOT NULL", id) == 1);
        assertEquals(1, receiver.deliveriesOf(id.toString()).size());
    }

    private long messages(String marker) {
        return WaitlistFixtures.count(postgres, "SELECT count(*) FROM outbox_message WHERE payload LIKE ?", "%" + marker + "%");
    }

    private long delivered(String marker) {
        return WaitlistFixtures.count(postgres,
                "SELECT count(*) FROM outbox_message WHERE delivered_at IS NOT NULL AND payload LIKE ?", "%" + marker + "%");
    }
}
