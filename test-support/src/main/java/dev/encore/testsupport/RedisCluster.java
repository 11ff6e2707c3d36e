package dev.encore.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A throwaway Redis Cluster on loopback: three primaries with a replica each, made by
 * {@code redis-cli --cluster create --cluster-replicas 1}, without persistence, each node in a fresh directory on
 * a free port (its cluster bus on the port + 10000, as Redis fixes it). A node that stops answering for
 * {@link #NODE_TIMEOUT} is failed over to its replica (Redis Cluster specification, "Replica election and
 * promotion"). Tests kill a primary to fail it over, or every node to inject an outage.
 */
public final class RedisCluster implements TestRedis {

    /** {@code cluster-node-timeout}: how long a silent node stays a primary before its replica takes over. */
    public static final Duration NODE_TIMEOUT = Duration.ofSeconds(1);
    private static final int NODES = 6;
    private static final Pattern MOVED = Pattern.compile("-(?:MOVED|ASK) \\d+ [^:]+:(\\d+)");

    private final Path workDir;
    private final List<Integer> ports;
    private final Map<Integer, Process> processes = new LinkedHashMap<>();

    private RedisCluster(Path workDir, List<Integer> ports) {
        this.workDir = workDir;
        this.ports = ports;
    }

    /** Starts six nodes and joins them into one cluster; returns once every node says the cluster is ok. */
    public static RedisCluster start() {
        try {
            List<Integer> ports = new ArrayList<>();
            while (ports.size() < NODES) {
                int port = FreePorts.next();
                if (port + 10000 <= 65535 && free(port + 10000) && !ports.contains(port)) {
                    ports.add(port);
                }
            }
            RedisCluster cluster = new RedisCluster(Files.createTempDirectory("encore-redis-cluster-"), ports);
            cluster.create();
            return cluster;
        } catch (IOException e) {
            throw new IllegalStateException("Could not start a Redis Cluster for the tests", e);
        }
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void create() {
        ports.forEach(port -> startNode(port, true));
        List<String> command = new ArrayList<>(List.of(Binaries.redisCli().toString(), "--cluster", "create"));
        ports.forEach(port -> command.add("127.0.0.1:" + port));
        command.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        ServerProcess.run(command, workDir.resolve("redis-cli.log"));
        awaitHealthy(ports);
    }

    private void startNode(int port, boolean fresh) {
        try {
            Path dir = workDir.resolve(String.valueOf(port));
            if (fresh) {
                Binaries.deleteRecursively(dir);
            }
            Files.createDirectories(dir);
            Process process = new ProcessBuilder(List.of(Binaries.redisServer().toString(), "--port", String.valueOf(port),
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                    "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                    "--cluster-node-timeout", String.valueOf(NODE_TIMEOUT.toMillis()),
                    // a replica (re)syncs at once: Redis 7 waits 5 s by default for more replicas to share the RDB
                    "--repl-diskless-sync-delay", "0"))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("redis-" + port + ".log").toFile()))
                    .start();
            processes.put(port, process);
            Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
            while (!"+PONG".equals(TestRedis.commandAt(port, "PING"))) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("Redis node " + port + " did not start: see " + workDir);
                }
                ServerProcess.sleep(50);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until every live node says {@code cluster_state:ok}, every slot has a primary, each with its replica. */
    private void awaitHealthy(List<Integer> live) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            boolean ok = live.stream().allMatch(port -> {
                String info = TestRedis.bulkAt(port, "CLUSTER INFO");
                return info != null && info.contains("cluster_state:ok") && info.contains("cluster_slots_ok:16384");
            });
            // and each primary's replica has synced: a failover before that would lose the slot's data
            if (ok && primaries().size() == NODES / 2 && primaries().stream().allMatch(port -> {
                String replication = TestRedis.bulkAt(port, "INFO replication");
                return replication != null && replication.contains("connected_slaves:1") && replication.contains("state=online");
            })) {
                return;
            }
            ServerProcess.sleep(100);
        }
        throw new IllegalStateException("The Redis Cluster did not become healthy within 30 s: see " + workDir);
    }

    /** The ports of the nodes that are primaries now, as the first live node sees it. */
    public List<Integer> primaries() {
        return nodes().entrySet().stream().filter(node -> node.getValue().contains("master")
                        && !node.getValue().contains("fail"))
                .map(Map.Entry::getKey).collect(Collectors.toList());
    }

    private Map<Integer, String> nodes() {
        for (int port : ports) {
            String nodes = TestRedis.bulkAt(port, "CLUSTER NODES");
            if (nodes != null) {
                Map<Integer, String> flagsByPort = new LinkedHashMap<>();
                for (String line : nodes.split("\n")) {
                    String[] fields = line.trim().split(" ");
                    if (fields.length > 2) {
                        String address = fields[1].split("@")[0];
                        flagsByPort.put(Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)), fields[2]);
                    }
                }
                return flagsByPort;
            }
        }
        return Map.of();
    }

    @Override
    public int portOf(String key) {
        return follow("EXISTS " + key).port();
    }

    /**
     * Kills the primary that owns {@code key}'s slot, as a crash would, and returns at once: its replica takes
     * over after {@link #NODE_TIMEOUT} and an election. Returns the killed node's port.
     */
    public int killPrimaryOf(String key) {
        int port = portOf(key);
        kill(port);
        return port;
    }

    /** Waits until the slot of {@code key} is served again, by a primary other than {@code killed}. */
    public void awaitFailover(String key, int killed) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            Reply owner = follow("EXISTS " + key);
            if (owner.port() != killed && owner.line() != null && owner.line().startsWith(":")) {
                return;
            }
            ServerProcess.sleep(100);
        }
        throw new IllegalStateException("No replica took over " + key + "'s slot within 30 s: see " + workDir);
    }

    /**
     * Starts a killed node again, empty: it rejoins from its nodes.conf and becomes a replica of its successor.
     * Returns once it has: for a moment after its start it still calls itself the primary of its old slots.
     */
    public void restart(int port) {
        startNode(port, false);
        awaitHealthy(ports);
    }

    /** The first line of a node's reply, and the node: the one that answered, after following MOVED from any node. */
    private record Reply(int port, String line) {
    }

    private Reply follow(String inline) {
        int port = anyPort();
        for (int hop = 0; hop < 5; hop++) {
            String reply = TestRedis.commandAt(port, inline);
            Matcher moved = reply == null ? null : MOVED.matcher(reply);
            if (moved == null || !moved.lookingAt()) {
                return new Reply(port, reply);
            }
            port = Integer.parseInt(moved.group(1));
        }
        throw new IllegalStateException("Redirected more than 5 times: " + inline);
    }

    @Override
    public String command(String inline) {
        if (inline.startsWith("CLIENT PAUSE") || inline.startsWith("CLIENT UNPAUSE")) {
            String last = null;
            for (int primary : primaries()) {
                last = TestRedis.commandAt(primary, inline);
            }
            return last;
        }
        return follow(inline).line();
    }

    @Override
    public int anyPort() {
        return ports.stream().filter(port -> processes.containsKey(port) && processes.get(port).isAlive())
                .findFirst().orElse(ports.get(0));
    }

    @Override
    public Map<String, String> clientConfig() {
        return Map.of(
                "quarkus.redis.hosts", ports.stream().map(port -> "redis://127.0.0.1:" + port).collect(Collectors.joining(",")),
                "quarkus.redis.client-type", "cluster");
    }

    private void kill(int port) {
        ServerProcess.kill(processes.remove(port));
    }

    @Override
    public void stop() {
        List.copyOf(processes.keySet()).forEach(this::kill);
    }

    @Override
    public void startAgain() {
        stop();
        create();
    }

    @Override
    public void close() {
        stop();
        Binaries.deleteRecursively(workDir);
    }
}
