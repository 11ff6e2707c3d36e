package dev.encore.k8s;

import dev.encore.testsupport.Readiness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An image's own entrypoint started on its own root filesystem, the way k8s/ runs it, without a container runtime
 * (none runs here): private mount and PID namespaces ({@code unshare}, util-linux), the root filesystem read-only
 * with a tmpfs on /tmp and the host's /dev, the image's working directory and environment, plus the user, environment
 * and read-only mounts given (k8s/'s securityContext and volumes). The network is the host's, so the process reaches the harness's PostgreSQL and Redis
 * on loopback and is reached on its own port.
 */
final class ImageContainer implements AutoCloseable {

    // $1 root, $2 working directory, $3 uid, $4 gid, then host-path/container-path pairs up to "--", then the process.
    // The service is PID 1 of its own PID namespace; a parent-death signal at every level kills it with this JVM's
    // child however that dies (a graceful stop is stop()'s SIGTERM). setpriv sets it after changing the user: the
    // kernel clears it on a change of credentials, so unshare's --kill-child with --setuid would not survive.
    private static final String RUN = """
            set -e
            root=$1 wd=$2 uid=$3 gid=$4; shift 4
            mount --bind "$root" "$root"
            while [ "$1" != -- ]; do
              mkdir -p "$root$2"
              mount --bind "$1" "$root$2"
              mount -o remount,bind,ro "$root$2"
              shift 2
            done
            shift
            mount -o remount,bind,ro "$root"
            mount --rbind /dev "$root/dev"
            mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
            exec unshare --pid --fork --kill-child=SIGKILL --mount-proc --root="$root" --wd="$wd" -- \
              setpriv --reuid "$uid" --regid "$gid" --clear-groups --pdeathsig SIGKILL -- "$@"
            """;

    private final String name;
    private final Process process;
    private final Path log;
    private final int port;
    private final long startedAt;

    private ImageContainer(String name, Process process, Path log, int port, long startedAt) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.port = port;
        this.startedAt = startedAt;
    }

    /**
     * Starts {@code image} as {@code uid}:{@code gid} with {@code environment} added to its own, and {@code mounts}
     * (host path → path in the image) bound read-only. Answers at once; {@link #awaitReady()} waits for readiness.
     *
     * @param port the port the service is told to listen on (QUARKUS_HTTP_PORT)
     */
    static ImageContainer start(String name, ContainerImage image, long uid, long gid, int port,
                                Map<String, String> environment, Map<Path, String> mounts, Path logs) {
        if (!Command.run(List.of("id", "-u")).trim().equals("0")) {
            throw new AssertionError("starting an image's root filesystem needs root (unshare --mount, mount): run "
                    + "scripts/test as root, as CI does");
        }
        List<String> command = new ArrayList<>(List.of("setpriv", "--pdeathsig", "SIGKILL", "--", "unshare", "--mount",
                "--", "/bin/sh", "-c", RUN, "run",
                image.rootfs().toString(), image.workingDirectory(), String.valueOf(uid), String.valueOf(gid)));
        mounts.forEach((host, inImage) -> command.addAll(List.of(host.toAbsolutePath().toString(), inImage)));
        command.add("--");
        command.addAll(image.args());
        Map<String, String> env = new LinkedHashMap<>(image.environment());
        env.putAll(environment);
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        try {
            Files.createDirectories(logs);
            Path log = logs.resolve(name + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().clear();
            builder.environment().putAll(env);
            long startedAt = System.nanoTime();
            return new ImageContainer(name, builder.start(), log, port, startedAt);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    /** Waits (at most 120 s) until {@code /q/health/ready} answers 200; answers the time from start to ready. */
    Duration awaitReady() {
        try {
            Readiness.await(process, baseUrl(), Duration.ofSeconds(120), this::tail);
        } catch (IllegalStateException e) {
            close();
            throw new AssertionError(name + ": " + e.getMessage(), e);
        }
        return Duration.ofNanos(System.nanoTime() - startedAt);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    /** The last lines the process wrote. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /**
     * Stops the service as a pod's stop does: SIGTERM to the service's process (unshare, its parent here, ignores it),
     * then at most 30 s (k8s/'s grace period). Answers how long it took.
     *
     * @throws AssertionError if the service outlives the grace period (it is then killed)
     */
    Duration stop() {
        long stopping = System.nanoTime();
        process.descendants().forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                close();
                throw new AssertionError(name + " did not stop within 30 s of SIGTERM:\n" + tail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return Duration.ofNanos(System.nanoTime() - stopping);
    }

    /** Kills the service and everything in its PID namespace at once. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
