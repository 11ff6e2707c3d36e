package dev.encore.booking.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * A webhook receiver as an operator's notifier would run one: it checks every delivery's Standard Webhooks signature
 * with its own HMAC code (not booking-service's) and records it; each test says which deliveries to refuse.
 */
public final class WebhookReceiverStub implements AutoCloseable {

    /** One request as received: its headers, body, whether its signature verified, and the status answered. */
    public record Delivery(String id, String timestamp, String signature, String body, boolean signatureValid, int status,
                           long arrivedAt) {
    }

    private final HttpServer server;
    private final byte[] secret = new byte[32];
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private volatile Predicate<String> refuse = body -> false;
    private volatile Predicate<String> slow = body -> false;

    public WebhookReceiverStub() throws IOException {
        new SecureRandom().nextBytes(secret);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/hooks", this::receive);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    /** The secret as an operator writes it (Standard Webhooks: whsec_ and base64). */
    public String secret() {
        return "whsec_" + Base64.getEncoder().encodeToString(secret);
    }

    /** From now on, a delivery whose body matches is answered 500 (refused) instead of 204. */
    public void refuseWhen(Predicate<String> bodyMatches) {
        refuse = bodyMatches;
    }

    /** From now on, a delivery whose body matches is answered only after 3 s. */
    public void slowWhen(Predicate<String> bodyMatches) {
        slow = bodyMatches;
    }

    /** Every delivery whose body contains {@code text}, in arrival order. */
    public List<Delivery> deliveriesContaining(String text) {
        List<Delivery> found = new ArrayList<>();
        for (Delivery delivery : deliveries) {
            if (delivery.body().contains(text)) {
                found.add(delivery);
            }
        }
        return found;
    }

    public List<Delivery> deliveriesOf(String webhookId) {
        return deliveries.stream().filter(delivery -> webhookId.equals(delivery.id())).toList();
    }

    private void receive(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String id = exchange.getRequestHeaders().getFirst("webhook-id");
        String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
        String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
        long arrivedAt = System.nanoTime();
        int status = refuse.test(body) ? 500 : 204;
        deliveries.add(new Delivery(id, timestamp, signature, body, verifies(id, timestamp, body, signature), status, arrivedAt));
        if (slow.test(body)) {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private boolean verifies(String id, String timestamp, String body, String signature) {
        if (id == null || timestamp == null || signature == null || !signature.startsWith("v1,")) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] expected = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(expected, Base64.getDecoder().decode(signature.substring(3)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
