package dev.encore.booking.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A payment provider speaking the HTTP API that {@link HttpPaymentProvider} calls, told by each test how to fail.
 * Like a real provider it keeps one charge per idempotency key, however often the key is sent.
 */
public final class PaymentStub implements AutoCloseable {

    public enum Mode {
        APPROVE,
        DECLINE,
        /** Answers 503 to everything. */
        DOWN,
        /** Charges, then answers only after the client has given up, once; then approves normally. */
        SLOW_ONCE,
        /** Charges, then never answers in time: the answer is lost, as in a crash between charge and reply. */
        CHARGE_AND_HANG
    }

    private final HttpServer server;
    private volatile Mode mode = Mode.APPROVE;
    private final Map<String, String> charges = new ConcurrentHashMap<>();
    private final Map<String, Boolean> approved = new ConcurrentHashMap<>();
    private final Map<String, String> refunds = new ConcurrentHashMap<>();
    private final AtomicInteger chargeCalls = new AtomicInteger();
    private final AtomicInteger refundCalls = new AtomicInteger();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final Semaphore arrived = new Semaphore(0);
    private volatile CountDownLatch refundGate = new CountDownLatch(0);
    private final Semaphore refundsArrived = new Semaphore(0);

    public PaymentStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/charges", this::charges);
        server.createContext("/refunds", this::refunds);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void mode(Mode next) {
        mode = next;
    }

    /**
     * From now on every charge request waits, before the provider records anything, until {@link #openGate()}: a
     * charge still in flight, for forcing races deterministically.
     */
    public void closeGate() {
        arrived.drainPermits();
        gate = new CountDownLatch(1);
    }

    public void openGate() {
        gate.countDown();
    }

    /** As {@link #closeGate()}, for refund requests: each waits, before anything is recorded, until opened. */
    public void closeRefundGate() {
        refundsArrived.drainPermits();
        refundGate = new CountDownLatch(1);
    }

    public void openRefundGate() {
        refundGate.countDown();
    }

    /** Waits until {@code count} more refund requests have reached the stub. */
    public void awaitRefunds(int count) throws InterruptedException {
        if (!refundsArrived.tryAcquire(count, 10, TimeUnit.SECONDS)) {
            throw new AssertionError("fewer than " + count + " refund requests reached the provider");
        }
    }

    /** Waits until {@code count} more charge requests have reached the stub (and wait at a closed gate). */
    public void awaitCharges(int count) throws InterruptedException {
        if (!arrived.tryAcquire(count, 10, TimeUnit.SECONDS)) {
            throw new AssertionError("fewer than " + count + " charge requests reached the provider");
        }
    }

    /** Waits out the provider client's breaker, which opens after repeated failures and stays open for its delay. */
    public static void awaitBreakerClosed() throws InterruptedException {
        Thread.sleep(5_500);
    }

    /** Distinct charges made for this booking (its key is "charge-" + booking id). */
    public int chargesFor(String bookingId) {
        return charges.containsKey("charge-" + bookingId) ? 1 : 0;
    }

    public int chargeCalls() {
        return chargeCalls.get();
    }

    /** Refund requests received, repeats under the same key included. */
    public int refundCalls() {
        return refundCalls.get();
    }

    public boolean refunded(String bookingId) {
        return refunds.containsKey("refund-" + bookingId);
    }

    private void charges(HttpExchange exchange) throws IOException {
        if ("GET".equals(exchange.getRequestMethod())) {
            String key = exchange.getRequestURI().getPath().substring("/charges/".length());
            String reference = charges.get(key);
            if (reference == null) {
                respond(exchange, 404, "{}");
            } else {
                respond(exchange, 200, result(reference, approved.get(key)));
            }
            return;
        }
        chargeCalls.incrementAndGet();
        arrived.release();
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Mode current = mode;
        if (current == Mode.DOWN) {
            respond(exchange, 503, "{}");
            return;
        }
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        String reference = charges.computeIfAbsent(key, k -> "ch_" + UUID.randomUUID());
        approved.putIfAbsent(key, current != Mode.DECLINE);
        if (current == Mode.SLOW_ONCE) {
            mode = Mode.APPROVE;
            sleep(3_000);
        } else if (current == Mode.CHARGE_AND_HANG) {
            sleep(3_000);
        }
        respond(exchange, 201, result(reference, approved.get(key)));
    }

    private void refunds(HttpExchange exchange) throws IOException {
        refundCalls.incrementAndGet();
        refundsArrived.release();
        try {
            refundGate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (mode == Mode.DOWN) {
            respond(exchange, 503, "{}");
            return;
        }
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        respond(exchange, 201, result(refunds.computeIfAbsent(key, k -> "re_" + UUID.randomUUID()), true));
    }

    private static String result(String reference, boolean ok) {
        return "{\"reference\":\"" + reference + "\",\"status\":\"" + (ok ? "APPROVED" : "DECLINED") + "\","
                + "\"reason\":" + (ok ? "null" : "\"insufficient funds\"") + "}";
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        exchange.getRequestBody().readAllBytes();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        try {
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException e) {
            // the client gave up waiting: that is the point of the slow modes
        }
        exchange.close();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
