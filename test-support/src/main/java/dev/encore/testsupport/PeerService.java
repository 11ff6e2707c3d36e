package dev.encore.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Another encore service, started from its packaged jar on a free port, so that calls between services are
 * tested against the real peer. The peer module must have been packaged first (the reactor builds it earlier).
 */
public final class PeerService implements AutoCloseable {

    private final List<String> command;
    private final Map<String, String> environment;
    private final Supplier<PeerService> replica;
    private final int port;
    private final Path log;
    private Process process;

    private PeerService(List<String> command, Map<String, String> environment, Supplier<PeerService> replica, int port,
                        Path log) {
        this.command = command;
        this.environment = environment;
        this.replica = replica;
        this.port = port;
        this.log = log;
    }

    public static PeerService start(Path jar, Map<String, String> config) {
        requirePackaged(jar);
        int port = FreePorts.next();
        // its own profile, not prod: a deployment gives the prod profile its addresses as environment variables
        // (ProductionSettings), a peer is given them below as system properties
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dquarkus.profile=peer", "-Dquarkus.http.port=" + port));
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        Map<String, String> copy = Map.copyOf(config);
        return launched(jar, command, null, () -> start(jar, copy), port);
    }

    /**
     * Starts the packaged jar as its container image runs it: {@code profiles} (QUARKUS_PROFILE) and
     * {@code environment}, and nothing else in its environment (no developer's variable leaks in), on a free port
     * (QUARKUS_HTTP_PORT), with at most 256 MiB of heap.
     */
    public static PeerService startProduction(Path jar, String profiles, Map<String, String> environment) {
        requirePackaged(jar);
        int port = FreePorts.next();
        Map<String, String> env = new HashMap<>(environment);
        env.put("QUARKUS_PROFILE", profiles);
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("JAVA_TOOL_OPTIONS", "-Xmx256m");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toAbsolutePath().toString());
        Map<String, String> copy = Map.copyOf(environment);
        return launched(jar, command, env, () -> startProduction(jar, profiles, copy), port);
    }

    private static void requirePackaged(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath().normalize() + " is missing: package that module first "
                    + "(scripts/test builds every module in order)");
        }
    }

    private static PeerService launched(Path jar, List<String> command, Map<String, String> environment,
                                        Supplier<PeerService> replica, int port) {
        try {
            PeerService peer = new PeerService(command, environment, replica, port,
                    Files.createTempFile("encore-peer-", ".log"));
            peer.launch();
            return peer;
        } catch (IOException e) {
            throw new IllegalStateException("Could not start " + jar, e);
        }
    }

    private void launch() {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            if (environment != null) {
                builder.environment().clear();
                builder.environment().putAll(environment);
            }
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("Could not start " + command, e);
        }
        awaitReady();
    }

    /** A second instance of this peer, same jar and configuration, on a port of its own: a replica. */
    public PeerService startReplica() {
        return replica.get();
    }

    /** Starts the peer again on the same port, after {@link #stop()}. */
    public void startAgain() {
        stop();
        launch();
    }

    private void awaitReady() {
        try {
            Readiness.await(process, baseUrl(), Duration.ofSeconds(90), this::tail);
        } catch (IllegalStateException e) {
            // nobody gets this peer to close it
            process.destroyForcibly();
            throw new IllegalStateException("Peer service " + command.get(command.size() - 1) + ": " + e.getMessage(), e);
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Kills the peer, as a crash or an outage would. */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a leftover temp file is harmless
        }
    }
}
