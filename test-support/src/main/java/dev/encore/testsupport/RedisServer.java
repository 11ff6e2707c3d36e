package dev.encore.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A throwaway Redis on a free loopback port, without persistence. Tests stop and restart it to inject a
 * Redis outage or a Redis that comes back empty.
 */
public final class RedisServer implements TestRedis {

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
            ServerProcess.sleep(50);
        }
        throw new IllegalStateException("redis-server did not answer PING within 20 s on port " + port);
    }

    @Override
    public void stop() {
        ServerProcess.kill(process);
    }

    @Override
    public void startAgain() {
        stop();
        startProcess();
    }

    @Override
    public String command(String inline) {
        return TestRedis.commandAt(port, inline);
    }

    @Override
    public int anyPort() {
        return port;
    }

    @Override
    public int portOf(String key) {
        return port;
    }

    @Override
    public Map<String, String> clientConfig() {
        return Map.of("quarkus.redis.hosts", uri(), "quarkus.redis.client-type", "standalone");
    }

    /** {@code redis://127.0.0.1:<port>}. */
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
}
