import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Confirms every hold of a file of "holdId accessToken" lines once, CONCURRENCY at a time, and prints one RESULT line
 * (throughput, p50/p99, answers by status). wrk cannot stop after a fixed number of distinct requests, which is what
 * a confirm benchmark needs: a second confirm of the same hold would be an idempotent replay, not a booking.
 * Usage: java ConfirmLoad.java <base-url> <holds-file> [concurrency]
 */
public class ConfirmLoad {

    public static void main(String[] args) throws Exception {
        String base = args[0];
        List<String[]> holds = Files.readAllLines(Path.of(args[1])).stream().filter(l -> !l.isBlank()).map(l -> l.split(" ")).toList();
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long[] latencies = new long[holds.size()];
        AtomicInteger next = new AtomicInteger();
        ConcurrentHashMap<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        Semaphore slots = new Semaphore(concurrency);
        long start = System.nanoTime();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String[] hold : holds) {
                slots.acquire();
                threads.submit(() -> {
                    try {
                        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/bookings"))
                                .header("Content-Type", "application/json").header("Authorization", "Bearer " + hold[1])
                                .header("Idempotency-Key", UUID.randomUUID().toString())
                                .POST(HttpRequest.BodyPublishers.ofString("{\"holdId\":\"" + hold[0] + "\"}")).build();
                        long sent = System.nanoTime();
                        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        latencies[next.getAndIncrement()] = System.nanoTime() - sent;
                        statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                    } catch (Exception e) {
                        statuses.computeIfAbsent(-1, s -> new AtomicInteger()).incrementAndGet();
                    } finally {
                        slots.release();
                    }
                    return null;
                });
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] done = Arrays.copyOf(latencies, next.get());
        Arrays.sort(done);
        System.out.printf("RESULT requests=%d seconds=%.2f rps=%.1f p50_ms=%.2f p99_ms=%.2f statuses=%s%n", holds.size(), seconds,
                holds.size() / seconds, percentile(done, 50), percentile(done, 99), statuses);
    }

    private static double percentile(long[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, sorted.length * p / 100)] / 1e6;
    }
}
