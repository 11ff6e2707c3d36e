import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A payment provider in a process of its own, speaking the HTTP API booking-service's HttpPaymentProvider calls
 * (charges and refunds keyed by the caller's Idempotency-Key). booking-service's built-in simulated provider lives
 * in its memory and dies with it; this one outlives a killed booking-service, so after a chaos run its ledger
 * ({@code GET /ledger}) can be held against the bookings in PostgreSQL: no charge without a booking, never two.
 * Usage: java PaymentSimulator.java <port> [latency-ms]
 */
public class PaymentSimulator {

    // detail: the amount of a charge, or the charge a refund returns
    private record Entry(String reference, String detail) {
    }

    private static final Pattern AMOUNT = Pattern.compile("\"amount\"\\s*:\\s*([0-9.]+)");
    private static final Pattern CHARGE_REFERENCE = Pattern.compile("\"chargeReference\"\\s*:\\s*\"([^\"]+)\"");

    private final ConcurrentHashMap<String, Entry> charges = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Entry> refunds = new ConcurrentHashMap<>();
    private final long latencyMillis;

    private PaymentSimulator(long latencyMillis) {
        this.latencyMillis = latencyMillis;
    }

    public static void main(String[] args) throws IOException {
        PaymentSimulator provider = new PaymentSimulator(args.length > 1 ? Long.parseLong(args[1]) : 0);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 512);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", provider::handle);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            pause();
            if (method.equals("POST") && path.equals("/charges") && key != null) {
                Entry charge = charges.computeIfAbsent(key, k -> new Entry("ch_" + UUID.randomUUID(), find(AMOUNT, body)));
                answer(exchange, 200, result(charge));
            } else if (method.equals("GET") && path.startsWith("/charges/")) {
                Entry charge = charges.get(path.substring("/charges/".length()));
                answer(exchange, charge == null ? 404 : 200, charge == null ? "{}" : result(charge));
            } else if (method.equals("POST") && path.equals("/refunds") && key != null) {
                Entry refund = refunds.computeIfAbsent(key, k -> new Entry("re_" + UUID.randomUUID(), find(CHARGE_REFERENCE, body)));
                answer(exchange, 200, result(refund));
            } else if (method.equals("GET") && path.equals("/ledger")) {
                answer(exchange, 200, ledger());
            } else {
                answer(exchange, 400, "{\"reason\":\"unknown call or missing Idempotency-Key\"}");
            }
        }
    }

    /** One line per charge ("charge key reference amount") and refund ("refund key refund-reference charge-reference"). */
    private String ledger() {
        StringBuilder out = new StringBuilder();
        charges.forEach((key, charge) -> out.append("charge ").append(key).append(' ').append(charge.reference())
                .append(' ').append(charge.detail()).append('\n'));
        refunds.forEach((key, refund) -> out.append("refund ").append(key).append(' ').append(refund.reference())
                .append(' ').append(refund.detail()).append('\n'));
        return out.toString();
    }

    private static String result(Entry entry) {
        return "{\"reference\":\"" + entry.reference() + "\",\"status\":\"APPROVED\"}";
    }

    private static String find(Pattern pattern, String body) {
        Matcher matcher = pattern.matcher(body);
        return matcher.find() ? matcher.group(1) : "?";
    }

    private void pause() {
        if (latencyMillis > 0) {
            try {
                Thread.sleep(latencyMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", body.startsWith("{") ? "application/json" : "text/plain");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
