package dev.encore.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Redis a service's tests run against: one {@link RedisServer}, or a {@link RedisCluster} of three primaries
 * and three replicas when the system property {@code encore.test.redis} is {@code cluster} (scripts/test's cluster
 * suite). Either way it runs on free loopback ports, without persistence.
 */
public interface TestRedis extends AutoCloseable {

    /** The system property that picks the kind: {@code single} (the default) or {@code cluster}. */
    String KIND_PROPERTY = "encore.test.redis";

    /** Starts the kind {@link #KIND_PROPERTY} names. */
    static TestRedis start() {
        String kind = System.getProperty(KIND_PROPERTY, "single");
        return switch (kind) {
            case "single" -> RedisServer.start();
            case "cluster" -> RedisCluster.start();
            default -> throw new IllegalArgumentException(KIND_PROPERTY + " must be single or cluster, not " + kind);
        };
    }

    /** True when the tests run against a cluster. */
    static boolean clusterRequested() {
        return "cluster".equals(System.getProperty(KIND_PROPERTY));
    }

    /**
     * The Quarkus Redis client's settings that reach this Redis: {@code quarkus.redis.hosts} (a comma-separated
     * list of {@code redis://} URIs) and {@code quarkus.redis.client-type}.
     */
    Map<String, String> clientConfig();

    /**
     * Sends one inline command to the server that owns its first key (any server for a command without one) and
     * returns the first line of the reply ({@code +OK}, {@code :1}, {@code $5}), or null when Redis does not
     * answer. {@code CLIENT PAUSE} and {@code CLIENT UNPAUSE} go to every primary.
     */
    String command(String inline);

    /** Kills every server; clients see a dead Redis until {@link #startAgain()}. */
    void stop();

    /** Starts Redis again on the same ports with no data, as a restart without persistence would. */
    void startAgain();

    /**
     * Subscribes to {@code channel} on a connection of its own; returns once Redis confirmed the subscription, so
     * every message published after this call is seen (a cluster forwards a publication to every node). Close the
     * subscription when done.
     */
    default Subscription subscribe(String channel) throws IOException {
        return new Subscription(anyPort(), channel);
    }

    /** The port of a server that answers, for commands without a key. */
    int anyPort();

    /** The port of the server that owns {@code key} (on a cluster, the primary of its hash slot now). */
    int portOf(String key);

    @Override
    void close();

    /** A pub/sub subscription over its own connection (RESP2), read one message at a time. */
    final class Subscription implements AutoCloseable {

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

    /** Sends one inline command to the server on {@code port}; the first line of its reply, or null without one. */
    static String commandAt(int port, String inline) {
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
     * Sends inline commands to the server on {@code port} over one connection, in order, and returns the first line
     * of each reply; the connection waits up to {@code timeout} for each. One connection matters for commands that
     * act on the client's own state: {@code WAIT} counts the replicas that acknowledged this client's last write
     * (Redis docs, WAIT). Throws {@link UncheckedIOException} when Redis does not answer.
     */
    static List<String> commandsAt(int port, Duration timeout, String... inline) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(Math.toIntExact(timeout.toMillis()));
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            List<String> replies = new ArrayList<>();
            for (String command : inline) {
                out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                replies.add(readLine(in));
            }
            return replies;
        } catch (IOException e) {
            throw new UncheckedIOException("Redis on port " + port + " did not answer " + List.of(inline), e);
        }
    }

    /** Like {@link #commandAt} but the whole bulk-string reply (CLUSTER NODES, CLUSTER INFO), or null. */
    static String bulkAt(int port, String inline) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(2000);
            socket.getOutputStream().write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            InputStream in = socket.getInputStream();
            String header = readLine(in);
            if (!header.startsWith("$")) {
                return null;
            }
            byte[] body = in.readNBytes(Integer.parseInt(header.substring(1)));
            return new String(body, StandardCharsets.UTF_8);
        } catch (IOException | NumberFormatException e) {
            return null;
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
}
