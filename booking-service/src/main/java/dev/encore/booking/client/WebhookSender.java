package dev.encore.booking.client;

import dev.encore.booking.config.WaitlistConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Sends one notification to the configured receiver, signed by the Standard Webhooks specification
 * (standardwebhooks.com, "Signature scheme"): headers {@code webhook-id} (the outbox message's id, the same on every
 * retry: the receiver's idempotency key), {@code webhook-timestamp} (Unix seconds) and {@code webhook-signature}
 * {@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">} keyed with the secret's bytes (base64, an optional
 * {@code whsec_} prefix). Any receiver library of that specification verifies it. Created at start-up, so that a URL
 * without a usable secret stops the service from starting.
 */
@ApplicationScoped
@Startup
public class WebhookSender {

    /** A delivery's outcome: delivered on a 2xx, otherwise why not (a status or an I/O failure). */
    public record Outcome(boolean delivered, String error) {
    }

    private static final String PREFIX = "whsec_";

    private final Optional<URI> url;
    private final byte[] secret;
    private final WaitlistConfig.Webhooks config;
    private final HttpClient http;

    WebhookSender(WaitlistConfig config) {
        this.config = config.webhooks();
        this.url = this.config.url();
        this.secret = this.config.secret().map(WebhookSender::secretBytes).orElse(null);
        if (url.isPresent() && (secret == null || secret.length < 24)) {
            throw new IllegalStateException("encore.waitlist.webhooks.url is set: encore.waitlist.webhooks.secret "
                    + "(ENCORE_WEBHOOK_SECRET) must be given too, base64 of at least 24 bytes");
        }
        // HTTP/1.1: the JDK's default HTTP/2 would ask a plain-http receiver to upgrade (h2c), which many mishandle
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(this.config.timeout()).build();
    }

    /** Whether a receiver is configured; without one nothing is sent. */
    public boolean configured() {
        return url.isPresent();
    }

    /** POSTs {@code body} (JSON) to the receiver; the outcome never fails for the receiver's faults. */
    public CompletableFuture<Outcome> send(UUID messageId, Instant timestamp, String body) {
        String id = messageId.toString();
        String seconds = Long.toString(timestamp.getEpochSecond());
        HttpRequest request = HttpRequest.newBuilder(url.orElseThrow()).timeout(config.timeout())
                .header("Content-Type", "application/json")
                .header("webhook-id", id)
                .header("webhook-timestamp", seconds)
                .header("webhook-signature", "v1," + sign(secret, id, seconds, body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .thenApply(response -> response.statusCode() / 100 == 2 ? new Outcome(true, null)
                        : new Outcome(false, "HTTP " + response.statusCode()))
                .exceptionally(e -> new Outcome(false, (e.getCause() != null ? e.getCause() : e).toString()));
    }

    /** The base64 HMAC-SHA256 of {@code id.timestamp.body} (Standard Webhooks' signed content). */
    public static String sign(byte[] secret, String id, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(
                    mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** The key bytes of a secret written as Standard Webhooks writes them: base64, {@code whsec_} optional. */
    public static byte[] secretBytes(String secret) {
        String encoded = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
        try {
            return Base64.getDecoder().decode(encoded.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("encore.waitlist.webhooks.secret is not base64", e);
        }
    }
}
