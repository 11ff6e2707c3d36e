package dev.encore.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway Redis on a free loopback port, without persistence. Tests stop and restart it to inject a
 * Redis outage or a Redis that comes back empty.
 */
public final class RedisServer implements AutoCloseable {

    private final Path workDir;
    private final int port;
    private Process process;

    private RedisServer(Path workDir, int port) {
        this.workDir = workDir;
        this.port = port;
    }

    public static RedisServer start() {
        try {
            RedisServer server = new RedisServer(Files.createTempDirectory("encore-redis-"), FreePorts.next());
            server.startProcess();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("Could not start Redis for the tests", e);
        }
    }

    private void startProcess() {
        try {
            process = new ProcessBuilder(List.of(Binaries.redisServer().toString(), "--port", String.valueOf(port),
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", workDir.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("redis.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("Could not start redis-server", e);
        }
        awaitPing();
    }

    private void awaitPing() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited: see " + workDir.resolve("redis.log"));
            }
            if ("+PONG".equals(command("PING"))) {
                return;
            }
            sleep(50);
        }
        throw new IllegalStateException("redis-server did not answer PING within 20 s on port " + port);
    }

    /** Kills Redis; clients see a dead server until {@link #startAgain()}. */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Starts Redis again on the same port with no data, as a restart without persistence would. */
    public void startAgain() {
        stop();
        startProcess();
    }

    /** Sends one inline command and returns the first line of the reply, or null when Redis does not answer. */
    public String command(String inline) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return readLine(socket.getInputStream());
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Subscribes to {@code channel} on a connection of its own; returns once Redis confirmed the subscription, so
     * every message published after this call is seen. Close the subscription when done.
     */
    public Subscription subscribe(String channel) throws IOException {
        return new Subscription(port, channel);
    }

    /** A pub/sub subscription over its own connection (RESP2), read one message at a time. */
    public static final class Subscription implements AutoCloseable {

        private final Socket socket;
        private final InputStream in;

        private Subscription(int port, String channel) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(5000);
            in = socket.getInputStream();
            socket.getOutputStream().write(("SUBSCRIBE " + channel + "\r\n").getBytes(StandardCharsets.UTF_8));
            // *3, $9, subscribe, $n, <channel>, :1
            for (int i = 0; i < 6; i++) {
                readLine(in);
            }
        }

        /** The payload of the next message on the channel; {@link java.net.SocketTimeoutException} after 5 s without. */
        public String nextMessage() throws IOException {
            while (true) {
                // *3, $7, message, $n, <channel>, $n, <payload>
                if (readLine(in).equals("message")) {
                    readLine(in);
                    readLine(in);
                    readLine(in);
                    return readLine(in);
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        stop();
        Binaries.deleteRecursively(workDir);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
