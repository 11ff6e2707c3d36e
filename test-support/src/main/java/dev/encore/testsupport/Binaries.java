package dev.encore.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds the server binaries the tests need, and says what to install when one is missing. */
final class Binaries {

    private Binaries() {
    }

    static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    static Path postgresBinDir() {
        Optional<Path> fromEnv = Optional.ofNullable(System.getenv("ENCORE_PG_BIN")).map(Path::of);
        if (fromEnv.isPresent()) {
            return fromEnv.get();
        }
        Path debianRoot = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debianRoot)) {
            try (Stream<Path> versions = Files.list(debianRoot)) {
                Optional<Path> newest = versions.map(v -> v.resolve("bin"))
                        .filter(bin -> Files.isExecutable(bin.resolve("postgres")))
                        .max(Comparator.comparing(bin -> Integer.parseInt(bin.getParent().getFileName().toString())));
                if (newest.isPresent()) {
                    return newest.get();
                }
            } catch (IOException | NumberFormatException ignored) {
                // fall through to PATH
            }
        }
        return onPath("pg_ctl").map(Path::getParent).orElseThrow(() -> new IllegalStateException(
                "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found: run scripts/test, which installs them, "
                        + "or install PostgreSQL 15+ and set ENCORE_PG_BIN to its bin directory"));
    }

    static Path redisServer() {
        return Optional.ofNullable(System.getenv("ENCORE_REDIS_SERVER")).map(Path::of)
                .or(() -> onPath("redis-server"))
                .orElseThrow(() -> new IllegalStateException(
                        "redis-server not found: run scripts/test, which installs it, or install Redis 7 "
                                + "(Debian: apt-get install redis-server)"));
    }

    static Path redisCli() {
        return onPath("redis-cli").orElseThrow(() -> new IllegalStateException(
                "redis-cli not found: run scripts/test, which installs it, or install Redis 7 "
                        + "(Debian: apt-get install redis-tools)"));
    }

    private static Optional<Path> onPath(String name) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("") + ":/usr/sbin:/usr/bin:/usr/local/bin";
        return Stream.of(path.split(":")).filter(dir -> !dir.isBlank()).map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable).findFirst();
    }

    static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
