import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * perf/run's seeding, load and accounting, through the public API and /proc only (a single-file program: java
 * PerfTool.java &lt;command&gt; ...). Commands:
 * <pre>
 * fans &lt;base-url&gt; &lt;count&gt; &lt;tag&gt; &lt;out&gt;
 *     signs up (or reuses) and logs in COUNT fans, each from an address of its own in X-Forwarded-For; writes
 *     "email,password,address,accessToken" lines
 * relogin &lt;base-url&gt; &lt;fans-file&gt;
 *     logs every fan of FANS-FILE in again (access tokens live 5 minutes; a long run outlives them) and rewrites its
 *     token
 * stage &lt;base-url&gt; &lt;admin-password&gt; &lt;seats&gt; &lt;tag&gt; &lt;out&gt; &lt;name&gt;...
 *     as the administrator: one venue of SEATS seats (sections A and B, 50 seats a row), one performance on sale per
 *     NAME; writes "NAME=performanceId" lines (a shell can source them)
 * attempts &lt;base-url&gt; &lt;performance&gt; &lt;fans-file&gt; &lt;contenders&gt; &lt;out&gt;
 *     every seat of the performance wanted by CONTENDERS distinct fans, shuffled: "token,performance,seat" lines
 * confirm &lt;base-url&gt; &lt;fans-file&gt; &lt;holds-file&gt; &lt;concurrency&gt;
 *     books every "holdId userId" hold once with its owner's token and a fresh Idempotency-Key; prints one RESULT line
 * cancel &lt;base-url&gt; &lt;fans-file&gt; &lt;bookings-file&gt; &lt;concurrency&gt;
 *     cancels every "bookingId userId" booking once with its owner's token; prints one RESULT line
 * holds &lt;base-url,base-url...&gt; &lt;attempts-file&gt; &lt;concurrency&gt; &lt;out&gt;
 *     sends every "token,performance,seat" attempt once as a hold, to the base URLs in turn; prints one RESULT line
 *     and writes "timeStamp,elapsed,label,responseCode,url" lines (label "hold") to OUT
 * burst &lt;base-url,base-url...&gt; &lt;access-token&gt; &lt;seconds&gt;
 *     for SECONDS, one request after another to the base URLs in turn, each a booking of a hold that does not exist
 *     (it counts against the caller's bookings bucket like any other); prints "passed=N limited=M seconds=S" (passed:
 *     any answer but 429)
 * ledger &lt;simulator-url&gt; &lt;bookings-file&gt;
 *     holds PaymentSimulator's ledger against "bookingId status paymentReference" lines; prints "violations=N confirmed=M"
 * cpu-sample &lt;out&gt; &lt;interval-ms&gt; &lt;name=pid-file[+children]&gt;...
 *     until killed, appends "epochMillis name ticks switches" per process: ticks of CPU (user + system,
 *     /proc/[pid]/stat fields 14 and 15) and context switches of all its threads (voluntary and not,
 *     /proc/[pid]/task/[tid]/status; proc(5)); "+children" adds every child of the pid (PostgreSQL's backends,
 *     nginx's workers)
 * cpu-report &lt;samples&gt; &lt;clock-ticks-per-second&gt; &lt;results.csv&gt; &lt;label&gt;
 *     CPU milliseconds and context switches per sample of LABEL, per process, over the window JMeter's LABEL
 *     samples span: "name ms switches" lines
 * watch &lt;events-url&gt; &lt;watchers&gt; &lt;stop-file&gt; &lt;ready-file&gt; &lt;out&gt;
 *     opens WATCHERS live seat map streams, writes READY-FILE once open, keeps them until STOP-FILE exists (at most
 *     10 minutes), then writes the delivery delay of every "seats" event (its id, the poll time, to its arrival) to OUT
 * </pre>
 */
public class PerfTool {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"accessToken\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"?([^\",}]+)");
    private static final Pattern SUBJECT = Pattern.compile("\"sub\"\\s*:\\s*\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "fans" -> fans(rest[0], Integer.parseInt(rest[1]), rest[2], Path.of(rest[3]));
            case "relogin" -> relogin(rest[0], Path.of(rest[1]));
            case "stage" -> stage(rest[0], rest[1], Integer.parseInt(rest[2]), rest[3], Path.of(rest[4]),
                    List.of(rest).subList(5, rest.length));
            case "attempts" -> attempts(rest[0], rest[1], Path.of(rest[2]), Integer.parseInt(rest[3]), Path.of(rest[4]));
            case "confirm" -> confirm(rest[0], Path.of(rest[1]), Path.of(rest[2]), Integer.parseInt(rest[3]));
            case "cancel" -> cancel(rest[0], Path.of(rest[1]), Path.of(rest[2]), Integer.parseInt(rest[3]));
            case "holds" -> holds(List.of(rest[0].split(",")), Path.of(rest[1]), Integer.parseInt(rest[2]), Path.of(rest[3]));
            case "burst" -> burst(List.of(rest[0].split(",")), rest[1], Double.parseDouble(rest[2]));
            case "ledger" -> ledger(rest[0], Path.of(rest[1]));
            case "cpu-sample" -> cpuSample(Path.of(rest[0]), Long.parseLong(rest[1]), List.of(rest).subList(2, rest.length));
            case "cpu-report" -> cpuReport(Path.of(rest[0]), Integer.parseInt(rest[1]), Path.of(rest[2]), rest[3]);
            case "watch" -> watch(rest[0], Integer.parseInt(rest[1]), Path.of(rest[2]), Path.of(rest[3]), Path.of(rest[4]));
            default -> throw new IllegalArgumentException("unknown command " + args[0] + " (see the class comment)");
        }
    }

    // --- live seat map --------------------------------------------------------------------------------------------

    /**
     * Opens {@code watchers} Server-Sent Event streams on {@code url} (500 a second, each its own HTTP/1.1
     * connection), writes {@code ready} once all are open, keeps them until {@code stop} exists (at most 10 minutes),
     * and writes to {@code out}: "watchers N connected C failed F events E" (C: streams kept to the end; F: those never
     * answered 200, and those the server ended after it, as booking-service does to one 1 MiB behind; an open error
     * counts as failed, never stops the tool) and the delay of every {@code seats}
     * event, from its id (the replica's poll time, ms, on this machine's clock) to its arrival, as
     * "delay_ms p50 P p99 P max M". The streams are read by one non-blocking selector per core, not a thread per
     * stream: 10,000 readers sharing the cores with the services would measure their own scheduling, not delivery.
     */
    private static void watch(String url, int watchers, Path stop, Path ready, Path out) throws Exception {
        URI uri = URI.create(url);
        java.net.InetSocketAddress address = new java.net.InetSocketAddress(uri.getHost(), uri.getPort());
        byte[] request = ("GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        SseReaders readers = new SseReaders(Runtime.getRuntime().availableProcessors());
        for (int i = 0; i < watchers; i++) {
            if (i % 500 == 499) {
                Thread.sleep(1_000);
            }
            try {
                readers.open(address, request);
            } catch (IOException e) {
                readers.failed.incrementAndGet();
                readers.errors.computeIfAbsent("open: " + e, k -> new AtomicInteger()).incrementAndGet();
            }
        }
        long openDeadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(180);
        while (readers.connected.get() + readers.failed.get() < watchers && System.nanoTime() < openDeadline) {
            Thread.sleep(100);
        }
        Files.writeString(ready, "connected " + readers.connected.get() + " failed " + readers.failed.get() + "\n");
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(10);
        while (!Files.exists(stop) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        long total = readers.events.sum();
        long p50 = percentile(readers.delays, total, 0.50), p99 = percentile(readers.delays, total, 0.99);
        long max = percentile(readers.delays, total, 1.0);
        // a stream the server ended after its 200 (booking-service closes one that falls 1 MiB behind) was not kept
        int dropped = readers.dropped.get();
        Files.writeString(out, "watchers " + watchers + " connected " + (readers.connected.get() - dropped)
                + " failed " + (readers.failed.get() + dropped) + " events " + total + "\ndelay_ms p50 " + p50 + " p99 " + p99 + " max " + max + "\nerrors " + readers.errors + "\n");
        System.exit(0);
    }

    /**
     * Reads many Server-Sent Event streams over plain HTTP/1.1 with one selector thread each: the response head
     * (status 200 required), then a chunked (RFC 9112 section 7.1) or plain body, split into lines (the WHATWG
     * event-stream format: "id:", "event:", a blank line ends an event).
     */
    private static final class SseReaders {
        final AtomicInteger connected = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger dropped = new AtomicInteger();
        final java.util.concurrent.atomic.AtomicLongArray delays = new java.util.concurrent.atomic.AtomicLongArray(60_001);
        final java.util.concurrent.atomic.LongAdder events = new java.util.concurrent.atomic.LongAdder();
        final Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
        private final java.nio.channels.Selector[] selectors;
        private final List<java.util.concurrent.ConcurrentLinkedQueue<Stream>> pending = new ArrayList<>();
        private int next;

        SseReaders(int threads) throws IOException {
            selectors = new java.nio.channels.Selector[threads];
            for (int i = 0; i < threads; i++) {
                selectors[i] = java.nio.channels.Selector.open();
                var queue = new java.util.concurrent.ConcurrentLinkedQueue<Stream>();
                pending.add(queue);
                var selector = selectors[i];
                Thread.ofPlatform().daemon().name("sse-reader-" + i).start(() -> loop(selector, queue));
            }
        }

        void open(java.net.InetSocketAddress address, byte[] request) throws IOException {
            var channel = java.nio.channels.SocketChannel.open();
            channel.configureBlocking(false);
            boolean connectedAtOnce = channel.connect(address);
            int i = next++ % selectors.length;
            pending.get(i).add(new Stream(channel, java.nio.ByteBuffer.wrap(request), connectedAtOnce));
            selectors[i].wakeup();
        }

        private void loop(java.nio.channels.Selector selector, java.util.Queue<Stream> queue) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocateDirect(64 * 1024);
            while (true) {
                try {
                    selector.select();
                    for (Stream stream; (stream = queue.poll()) != null; ) {
                        stream.channel.register(selector, stream.connectedAtOnce
                                ? java.nio.channels.SelectionKey.OP_WRITE : java.nio.channels.SelectionKey.OP_CONNECT, stream);
                    }
                    for (var key : selector.selectedKeys()) {
                        Stream stream = (Stream) key.attachment();
                        try {
                            if (key.isConnectable() && stream.channel.finishConnect()) {
                                key.interestOps(java.nio.channels.SelectionKey.OP_WRITE);
                            } else if (key.isWritable()) {
                                stream.channel.write(stream.request);
                                if (!stream.request.hasRemaining()) {
                                    key.interestOps(java.nio.channels.SelectionKey.OP_READ);
                                }
                            } else if (key.isReadable()) {
                                buffer.clear();
                                int read = stream.channel.read(buffer);
                                if (read < 0) {
                                    throw new java.io.EOFException("closed by the server");
                                }
                                buffer.flip();
                                long now = System.currentTimeMillis();
                                while (buffer.hasRemaining()) {
                                    stream.accept(buffer.get(), now);
                                }
                            }
                        } catch (IOException | RuntimeException e) {
                            key.cancel();
                            stream.channel.close();
                            failure(stream, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
                        }
                    }
                    selector.selectedKeys().clear();
                } catch (IOException e) {
                    errors.computeIfAbsent("selector: " + e, k -> new AtomicInteger()).incrementAndGet();
                }
            }
        }

        private void failure(Stream stream, String what) {
            errors.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
            if (!stream.answered) {
                failed.incrementAndGet();
            } else if (stream.ok) {
                dropped.incrementAndGet();
            }
        }

        /** One stream's parse state: the response head, then chunk framing, then event-stream lines. */
        private final class Stream {
            final java.nio.channels.SocketChannel channel;
            final java.nio.ByteBuffer request;
            final boolean connectedAtOnce;
            // the event-stream line being read, and apart from it a chunk-size line: a chunk may end inside an event line
            final StringBuilder line = new StringBuilder();
            final StringBuilder sizeLine = new StringBuilder();
            boolean answered;
            boolean ok;
            boolean inHead = true;
            boolean chunked;
            // chunked body: -1 reading a size line, 0 expecting the CRLF after a chunk's data, > 0 data bytes left
            long chunkLeft = -1;
            long id;
            boolean seats;

            Stream(java.nio.channels.SocketChannel channel, java.nio.ByteBuffer request, boolean connectedAtOnce) {
                this.channel = channel;
                this.request = request;
                this.connectedAtOnce = connectedAtOnce;
            }

            void accept(byte b, long now) throws IOException {
                if (inHead) {
                    head(b);
                } else if (!chunked) {
                    body(b, now);
                } else if (chunkLeft > 0) {
                    chunkLeft--;
                    body(b, now);
                } else if (b == '\n') {
                    if (chunkLeft < 0) {
                        String size = sizeLine.toString();
                        int extension = size.indexOf(';');
                        chunkLeft = Long.parseLong((extension < 0 ? size : size.substring(0, extension)).strip(), 16);
                        if (chunkLeft == 0) {
                            throw new java.io.EOFException("the stream ended");
                        }
                    } else {
                        chunkLeft = -1;
                    }
                    sizeLine.setLength(0);
                } else if (chunkLeft < 0) {
                    sizeLine.append((char) b);
                }
            }

            private void head(byte b) throws IOException {
                if (b != '\n') {
                    line.append((char) b);
                    return;
                }
                String text = line.toString().strip();
                line.setLength(0);
                if (!answered) {
                    answered = true;
                    if (!text.startsWith("HTTP/1.1 200")) {
                        failed.incrementAndGet();
                        throw new IOException(text);
                    }
                    ok = true;
                    connected.incrementAndGet();
                } else if (text.isEmpty()) {
                    inHead = false;
                } else if (text.toLowerCase(Locale.ROOT).replaceAll("\\s", "").equals("transfer-encoding:chunked")) {
                    chunked = true;
                }
            }

            private void body(byte b, long now) {
                if (b != '\n') {
                    line.append((char) b);
                    return;
                }
                int length = line.length();
                if (length > 0 && line.charAt(length - 1) == '\r') {
                    line.setLength(--length);
                }
                if (length == 0) {
                    if (seats && id < 0) {
                        errors.computeIfAbsent("a seats event without a numeric id", k -> new AtomicInteger()).incrementAndGet();
                    } else if (seats) {
                        delays.incrementAndGet((int) Math.min(60_000, Math.max(0, now - id)));
                        events.increment();
                    }
                    seats = false;
                } else if (line.indexOf("id:") == 0) {
                    try {
                        id = Long.parseLong(line.substring(3).strip());
                    } catch (NumberFormatException e) {
                        id = -1;
                    }
                } else if (line.indexOf("event:") == 0) {
                    seats = line.substring(6).strip().equals("seats");
                }
                line.setLength(0);
            }
        }
    }

    private static long percentile(java.util.concurrent.atomic.AtomicLongArray histogram, long total, double share) {
        long seen = 0;
        for (int ms = 0; ms < histogram.length(); ms++) {
            seen += histogram.get(ms);
            if (total > 0 && seen >= Math.ceil(share * total)) {
                return ms;
            }
        }
        return -1;
    }

    // --- seeding -------------------------------------------------------------------------------------------------

    private static void fans(String base, int count, String tag, Path out) throws Exception {
        // bcrypt makes sign-up and login CPU-bound in user-service: more parallelism than cores only queues
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors() * 2));
        List<Future<String>> lines = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            int fan = i;
            lines.add(pool.submit(() -> fan(base, tag, fan)));
        }
        List<String> written = new ArrayList<>();
        for (Future<String> line : lines) {
            written.add(line.get());
        }
        pool.shutdown();
        Files.write(out, written);
    }

    private static void relogin(String base, Path file) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors() * 2));
        List<Future<String>> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String[] fan = line.split(",");
            lines.add(pool.submit(() -> String.join(",", fan[0], fan[1], fan[2], login(base, fan[2], fan[0], fan[1]))));
        }
        List<String> written = new ArrayList<>();
        for (Future<String> line : lines) {
            written.add(line.get());
        }
        pool.shutdown();
        Files.write(file, written);
    }

    private static String fan(String base, String tag, int fan) throws Exception {
        String email = "fan-" + tag + "-" + fan + "@perf.encore.local";
        String password = "perf-password-" + fan;
        String address = "10." + (fan >> 16 & 255) + "." + (fan >> 8 & 255) + "." + (fan & 255);
        int signedUp = send("POST", base + "/api/users", address, null,
                "{\"email\":\"" + email + "\",\"password\":\"" + password + "\",\"name\":\"Fan " + fan + "\"}").statusCode();
        if (signedUp != 201 && signedUp != 409) {
            throw new IllegalStateException("sign-up of " + email + " answered " + signedUp);
        }
        return String.join(",", email, password, address, login(base, address, email, password));
    }

    private static String login(String base, String address, String email, String password) throws Exception {
        HttpResponse<String> login = send("POST", base + "/api/auth/login", address, null,
                "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
        Matcher token = ACCESS_TOKEN.matcher(login.body());
        if (login.statusCode() != 200 || !token.find()) {
            throw new IllegalStateException("login of " + email + " answered " + login.statusCode() + ": " + login.body());
        }
        return token.group(1);
    }

    private static void stage(String base, String adminPassword, int seats, String tag, Path out, List<String> names)
            throws Exception {
        String address = "10.255.0.1";
        String admin = login(base, address, "admin@encore.local", adminPassword);
        int rows = seats / 100;
        String venue = created(send("POST", base + "/api/venues", address, admin, "{\"name\":\"Perf Arena " + tag
                + "\",\"sections\":[{\"name\":\"A\",\"rows\":" + rows + ",\"seatsPerRow\":50},{\"name\":\"B\",\"rows\":"
                + rows + ",\"seatsPerRow\":50}]}"));
        String day = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(60).toString();
        List<String> lines = new ArrayList<>();
        for (String name : names) {
            lines.add(name + "=" + created(send("POST", base + "/api/performances", address, admin, "{\"venueId\":" + venue
                    + ",\"title\":\"" + name + " " + tag + "\",\"startsAt\":\"" + day + "T20:00:00Z\",\"endsAt\":\"" + day
                    + "T23:00:00Z\",\"prices\":{\"A\":120,\"B\":60}}")));
        }
        Files.write(out, lines);
    }

    private static String created(HttpResponse<String> response) {
        Matcher id = ID.matcher(response.body());
        if (response.statusCode() != 201 || !id.find()) {
            throw new IllegalStateException(response.request().uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        return id.group(1);
    }

    private static void attempts(String base, String performance, Path fansFile, int contenders, Path out) throws Exception {
        List<String> tokens = Files.readAllLines(fansFile).stream().map(line -> line.split(",")[3]).toList();
        if (contenders > tokens.size()) {
            throw new IllegalArgumentException(contenders + " contenders need as many fans; there are " + tokens.size());
        }
        String map = send("GET", base + "/api/performances/" + performance + "/seats", "10.255.0.1", null, null).body();
        Matcher seat = ID.matcher(map.substring(map.indexOf("\"seats\"")));
        List<String> lines = new ArrayList<>();
        int spread = tokens.size() / contenders;
        for (int n = 0; seat.find(); n++) {
            for (int c = 0; c < contenders; c++) {
                lines.add(tokens.get((n + c * spread) % tokens.size()) + "," + performance + "," + seat.group(1));
            }
        }
        Collections.shuffle(lines);
        Files.write(out, lines);
    }

    private static HttpResponse<String> send(String method, String url, String address, String token, String json)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("X-Forwarded-For", address)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    // --- load and checks -----------------------------------------------------------------------------------------

    // JMeter cannot send each of a thousand distinct requests exactly once, which a confirm benchmark needs: a
    // second confirm of the same hold would be an idempotent replay, not a booking
    private static void confirm(String base, Path fansFile, Path holdsFile, int concurrency) throws Exception {
        Map<String, String> tokenOf = tokensByUser(fansFile);
        List<HttpRequest> calls = Files.readAllLines(holdsFile).stream().filter(l -> !l.isBlank()).map(l -> l.split(" "))
                .map(hold -> HttpRequest.newBuilder(URI.create(base + "/api/bookings"))
                        .header("Content-Type", "application/json").header("Authorization", "Bearer " + tokenOf.get(hold[1]))
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .POST(HttpRequest.BodyPublishers.ofString("{\"holdId\":\"" + hold[0] + "\"}")).build())
                .toList();
        drive(calls, "confirm", concurrency, null);
    }

    // each booking cancelled by its owner: perf/replicas's cancels through another edge than the confirms
    private static void cancel(String base, Path fansFile, Path bookingsFile, int concurrency) throws Exception {
        Map<String, String> tokenOf = tokensByUser(fansFile);
        List<HttpRequest> calls = Files.readAllLines(bookingsFile).stream().filter(l -> !l.isBlank()).map(l -> l.split(" "))
                .map(booking -> HttpRequest.newBuilder(URI.create(base + "/api/bookings/" + booking[0] + "/cancel"))
                        .header("Authorization", "Bearer " + tokenOf.get(booking[1])).POST(HttpRequest.BodyPublishers.noBody()).build())
                .toList();
        drive(calls, "cancel", concurrency, null);
    }

    // user id (the token's subject) to the fan's access token
    private static Map<String, String> tokensByUser(Path fansFile) throws IOException {
        Map<String, String> tokenOf = new HashMap<>();
        for (String line : Files.readAllLines(fansFile)) {
            String token = line.split(",")[3];
            String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
            Matcher subject = SUBJECT.matcher(payload);
            if (subject.find()) {
                tokenOf.put(subject.group(1), token);
            }
        }
        return tokenOf;
    }

    // the hold storm of perf/replicas: each attempt once, spread over several edges in turn
    private static void holds(List<String> bases, Path attemptsFile, int concurrency, Path out) throws Exception {
        List<String> attempts = Files.readAllLines(attemptsFile).stream().filter(l -> !l.isBlank()).toList();
        List<HttpRequest> calls = new ArrayList<>();
        for (int i = 0; i < attempts.size(); i++) {
            String[] attempt = attempts.get(i).split(",");
            calls.add(HttpRequest.newBuilder(URI.create(bases.get(i % bases.size()) + "/api/holds"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + attempt[0])
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"performanceId\":" + attempt[1] + ",\"seatIds\":[\"" + attempt[2] + "\"]}")).build());
        }
        drive(calls, "hold", concurrency, out);
    }

    // perf/replicas' rate-limit check: one caller's requests spread over several edges, as fast as they are answered
    private static void burst(List<String> bases, String token, double seconds) throws Exception {
        int passed = 0;
        int limited = 0;
        long started = System.nanoTime();
        long until = started + (long) (seconds * 1e9);
        for (int i = 0; System.nanoTime() < until; i++) {
            HttpRequest booking = HttpRequest.newBuilder(URI.create(bases.get(i % bases.size()) + "/api/bookings"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .POST(HttpRequest.BodyPublishers.ofString("{\"holdId\":\"" + UUID.randomUUID() + "\"}")).build();
            if (HTTP.send(booking, HttpResponse.BodyHandlers.discarding()).statusCode() == 429) {
                limited++;
            } else {
                passed++;
            }
        }
        System.out.printf(Locale.ROOT, "passed=%d limited=%d seconds=%.3f%n", passed, limited, (System.nanoTime() - started) / 1e9);
    }

    // sends every call once, CONCURRENCY at a time; prints one RESULT line and, when OUT is given, writes
    // "timeStamp,elapsed,label,responseCode,url" lines (JMeter's first columns: cpu-report reads them)
    private static void drive(List<HttpRequest> calls, String label, int concurrency, Path out) throws Exception {
        long[] latencies = new long[calls.size()];
        List<String> lines = Collections.synchronizedList(new ArrayList<>(List.of("timeStamp,elapsed,label,responseCode,url")));
        AtomicInteger done = new AtomicInteger();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        Semaphore slots = new Semaphore(concurrency);
        long start = System.nanoTime();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (HttpRequest call : calls) {
                slots.acquire();
                threads.submit(() -> {
                    int status;
                    long startedAt = System.currentTimeMillis();
                    long sent = System.nanoTime();
                    try {
                        status = HTTP.send(call, HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (Exception e) {
                        status = -1;
                    } finally {
                        slots.release();
                    }
                    long elapsed = System.nanoTime() - sent;
                    latencies[done.getAndIncrement()] = elapsed;
                    statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                    lines.add(startedAt + "," + elapsed / 1_000_000 + "," + label + "," + status + "," + call.uri());
                    return null;
                });
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies);
        if (out != null) {
            Files.write(out, lines);
        }
        System.out.printf("RESULT requests=%d seconds=%.2f rps=%.1f p50_ms=%.2f p99_ms=%.2f statuses=%s%n", calls.size(),
                seconds, calls.size() / seconds, percentile(latencies, 50), percentile(latencies, 99), new TreeMap<>(statuses));
    }

    private static double percentile(long[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    // every approved charge must belong to a CONFIRMED booking with that charge's reference, and every CONFIRMED
    // booking must have its charge: the provider charges once per key, so "exactly one" is one key per booking
    private static void ledger(String simulator, Path bookingsFile) throws Exception {
        Map<String, String[]> bookings = new HashMap<>();
        for (String line : Files.readAllLines(bookingsFile)) {
            String[] booking = line.split(" ");
            bookings.put("charge-" + booking[0], booking);
        }
        Map<String, String> charged = new HashMap<>();
        for (String line : send("GET", simulator + "/ledger", "127.0.0.1", null, null).body().split("\n")) {
            String[] entry = line.split(" ");
            if (entry.length >= 3 && entry[0].equals("charge") && bookings.containsKey(entry[1])) {
                charged.put(entry[1], entry[2]);
            }
        }
        int violations = 0;
        int confirmed = 0;
        for (var booking : bookings.entrySet()) {
            boolean isConfirmed = booking.getValue()[1].equals("CONFIRMED");
            confirmed += isConfirmed ? 1 : 0;
            if (isConfirmed && !booking.getValue()[2].equals(charged.get(booking.getKey()))
                    || !isConfirmed && charged.containsKey(booking.getKey())) {
                violations++;
            }
        }
        System.out.println("violations=" + violations + " confirmed=" + confirmed);
    }

    // --- CPU accounting ------------------------------------------------------------------------------------------

    private static void cpuSample(Path out, long intervalMillis, List<String> processes) throws Exception {
        try (PrintStream samples = new PrintStream(Files.newOutputStream(out), true, StandardCharsets.UTF_8)) {
            while (true) {
                long now = System.currentTimeMillis();
                for (String process : processes) {
                    String name = process.substring(0, process.indexOf('='));
                    String file = process.substring(name.length() + 1).replace("+children", "");
                    long[] usage = usage(file, process.endsWith("+children"));
                    if (usage != null) {
                        samples.println(now + " " + name + " " + usage[0] + " " + usage[1]);
                    }
                }
                Thread.sleep(intervalMillis);
            }
        }
    }

    // {user + system ticks, context switches} of the process in the pid file (its first line), and of its children
    // if asked; null when it is gone
    private static long[] usage(String pidFile, boolean children) {
        try {
            String pid = Files.readAllLines(Path.of(pidFile)).get(0).trim();
            long[] usage = {stat(pid)[0], switches(pid)};
            if (children) {
                try (var all = Files.list(Path.of("/proc"))) {
                    for (Path entry : all.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                        String child = entry.getFileName().toString();
                        long[] stat = stat(child);
                        if (String.valueOf(stat[1]).equals(pid)) {
                            usage[0] += stat[0];
                            usage[1] += switches(child);
                        }
                    }
                }
            }
            return usage;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    // voluntary and involuntary context switches of every thread of the process (a thread that ended takes its count
    // with it: the JVMs here keep their threads for the whole run)
    private static long switches(String pid) throws IOException {
        long switches = 0;
        try (var tasks = Files.list(Path.of("/proc", pid, "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
                            switches += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                } catch (IOException e) {
                    // the thread ended between the listing and the read
                }
            }
        }
        return switches;
    }

    // {utime + stime, ppid} from /proc/[pid]/stat; the command name (field 2) may hold spaces, so fields count from ')'
    private static long[] stat(String pid) {
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long.parseLong(fields[1])};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, -1};
        }
    }

    private static void cpuReport(Path samplesFile, int ticksPerSecond, Path results, String label) throws IOException {
        long from = Long.MAX_VALUE;
        long to = 0;
        int count = 0;
        for (String line : Files.readAllLines(results)) {
            String[] field = line.split(",");
            if (field.length > 3 && field[2].equals(label)) {
                long started = Long.parseLong(field[0]);
                from = Math.min(from, started);
                to = Math.max(to, started + Long.parseLong(field[1]));
                count++;
            }
        }
        // the last sample at or before the window opens, the first at or after it closes
        // per process: ticks and switches at the window's opening, then at its close
        Map<String, long[]> window = new LinkedHashMap<>();
        for (String line : Files.readAllLines(samplesFile)) {
            String[] field = line.split(" ");
            long at = Long.parseLong(field[0]);
            long ticks = Long.parseLong(field[2]);
            long switches = field.length > 3 ? Long.parseLong(field[3]) : 0;
            long[] span = window.computeIfAbsent(field[1], name -> new long[] {-1, -1, -1, -1});
            if (at <= from) {
                span[0] = ticks;
                span[2] = switches;
            } else if (at >= to && span[1] < 0) {
                span[1] = ticks;
                span[3] = switches;
            }
        }
        for (var process : window.entrySet()) {
            long[] span = process.getValue();
            if (count > 0 && span[0] >= 0 && span[1] >= 0) {
                System.out.printf("%s %.3f %.2f%n", process.getKey(), (span[1] - span[0]) * 1000.0 / ticksPerSecond / count,
                        (span[3] - span[2]) / (double) count);
            }
        }
    }
}
