package dev.encore.booking.service;

import dev.encore.booking.client.WebhookSender;
import dev.encore.booking.config.WaitlistConfig;
import dev.encore.booking.domain.DependencyUnavailableException;
import dev.encore.booking.repository.OutboxRepository;
import dev.encore.booking.repository.OutboxRepository.Message;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers the outbox's notifications as signed webhooks ({@link WebhookSender}), at least once: a message is marked
 * delivered only after the receiver's 2xx, so a replica that dies in between leaves it to be sent again, under the
 * same {@code webhook-id}, once its lease ends; receivers drop repeats by that id (Standard Webhooks). While a
 * message is leased no other replica sends it. A failed delivery is retried after 1, 2, 4 … seconds (at most
 * 10 minutes apart) and given up after {@code max-attempts} (logged, counted).
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 20;
    private static final Duration LONGEST_WAIT = Duration.ofMinutes(10);

    private final OutboxRepository outbox;
    private final WebhookSender sender;
    private final WaitlistConfig.Webhooks config;
    private final MeterRegistry registry;
    private final Duration lease;
    private final AtomicLong pending = new AtomicLong();

    OutboxRelay(OutboxRepository outbox, WebhookSender sender, WaitlistConfig config, MeterRegistry registry) {
        this.outbox = outbox;
        this.sender = sender;
        this.config = config.webhooks();
        this.registry = registry;
        // a batch is sent at once and answered within the call's time limit: its lease outlasts that
        this.lease = this.config.timeout().plusSeconds(10);
        // only where notifications are sent: without a receiver they wait by design, and nothing should alert on it
        if (sender.configured()) {
            Gauge.builder("encore.outbox.pending", pending, AtomicLong::get)
                    .description("Notifications waiting to be delivered (read every relay round)").register(registry);
        }
    }

    @Scheduled(every = "{encore.waitlist.webhooks.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void relay() {
        try {
            if (sender.configured()) {
                while (deliverDue() == BATCH) {
                    // another batch
                }
                pending.set(outbox.pending());
            }
        } catch (DependencyUnavailableException e) {
            LOG.warnf("Outbox relay left for the next round: %s", e.getMessage());
        }
    }

    @Scheduled(every = "1h", delayed = "1m")
    void purge() {
        try {
            outbox.purge(config.retention());
        } catch (DependencyUnavailableException e) {
            LOG.warnf("Outbox purge left for the next hour: %s", e.getMessage());
        }
    }

    /**
     * Sends one batch of due messages, all at once (one slow receiver answer does not hold up the others, so the order
     * of arrival is not the order of writing); returns how many were claimed.
     */
    public int deliverDue() {
        List<Message> due = outbox.claimDue(BATCH, lease);
        List<CompletableFuture<WebhookSender.Outcome>> sent = new ArrayList<>(due.size());
        for (Message message : due) {
            // the attempt's own time: receivers refuse old timestamps (Standard Webhooks: replay protection)
            sent.add(sender.send(message.id(), Instant.now(), message.payload()));
        }
        for (int i = 0; i < due.size(); i++) {
            record(due.get(i), sent.get(i).join());
        }
        return due.size();
    }

    private void record(Message message, WebhookSender.Outcome outcome) {
        if (outcome.delivered()) {
            outbox.delivered(message.id());
            registry.counter("encore.outbox.deliveries", "outcome", "delivered").increment();
        } else if (message.attempts() >= config.maxAttempts()) {
            outbox.failed(message.id(), outcome.error(), null);
            registry.counter("encore.outbox.deliveries", "outcome", "given-up").increment();
            LOG.errorf("Notification %s (%s) given up after %d attempts: %s", message.id(), message.eventType(),
                    message.attempts(), outcome.error());
        } else {
            outbox.failed(message.id(), outcome.error(), retryIn(message.attempts()));
            registry.counter("encore.outbox.deliveries", "outcome", "failed").increment();
        }
    }

    /** 1 s after the first failed attempt, doubling, at most 10 minutes. */
    static Duration retryIn(int attempts) {
        return Duration.ofSeconds(Math.min(1L << Math.min(attempts - 1, 20), LONGEST_WAIT.toSeconds()));
    }
}
