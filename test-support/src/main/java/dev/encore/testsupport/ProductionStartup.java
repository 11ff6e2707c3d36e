package dev.encore.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts a module's packaged jar ({@code target/quarkus-app/quarkus-run.jar}, what its image ships) the way a
 * container would: a Quarkus profile and nothing else in its environment, so that no developer's variable leaks in.
 * For checking that production refuses to start without each setting it has no safe default for.
 */
public final class ProductionStartup {

    // SmallRye Config's "SRCFG00011: Could not expand value ENCORE_X in property ..."
    private static final Pattern MISSING = Pattern.compile("Could not expand value (ENCORE_[A-Z_]+)");
    private static final int DEADLINE_SECONDS = 60;

    private ProductionStartup() {
    }

    /**
     * The variables the packaged jar stops for under {@code profiles} (comma-separated, as QUARKUS_PROFILE takes
     * them). Quarkus reports missing settings phase by phase, so the jar is started again with a placeholder for
     * each variable named so far, until a start names no new one; placeholders point at a closed local port, so
     * nothing is reached.
     *
     * @throws AssertionError when a start fails for something other than a missing variable before all are named
     */
    public static Set<String> requiredVariables(String profiles) {
        Map<String, String> environment = new HashMap<>();
        Set<String> named = new TreeSet<>();
        while (true) {
            String output = run(profiles, environment);
            Matcher matcher = MISSING.matcher(output);
            boolean found = false;
            while (matcher.find()) {
                if (named.add(matcher.group(1))) {
                    environment.put(matcher.group(1), placeholderFor(matcher.group(1)));
                    found = true;
                }
            }
            if (!found) {
                return named;
            }
        }
    }

    /** A value of the right shape that reaches nothing: a closed port on loopback, a folder that does not exist. */
    static String placeholderFor(String variable) {
        if (variable.endsWith("_DB_URL")) {
            return "jdbc:postgresql://127.0.0.1:9/encore";
        }
        if (variable.equals("ENCORE_REDIS_URL")) {
            return "redis://127.0.0.1:9";
        }
        if (variable.endsWith("_URL")) {
            return "http://127.0.0.1:9/";
        }
        if (variable.endsWith("_ADDRESSES")) {
            return "127.0.0.1:9";
        }
        if (variable.endsWith("_DIR")) {
            return "/nonexistent/encore";
        }
        if (variable.endsWith("_PROVIDER")) {
            return "http";
        }
        return "placeholder";
    }

    /** Runs the jar until it exits or reports that it started (then stops it); answers what it printed. */
    private static String run(String profiles, Map<String, String> environment) {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: run this test after mvn package");
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        try {
            Path log = Files.createTempFile("production-startup", ".log");
            // to a file, not a pipe: a long stack trace must not block the process before it exits
            ProcessBuilder builder = new ProcessBuilder(List.of(java.toString(), "-jar", jar.toString()))
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().clear();
            builder.environment().putAll(environment);
            builder.environment().put("QUARKUS_PROFILE", profiles);
            Process process = builder.start();
            process.getOutputStream().close();
            long deadline = System.nanoTime() + DEADLINE_SECONDS * 1_000_000_000L;
            while (process.isAlive() && System.nanoTime() < deadline
                    && !Files.readString(log, StandardCharsets.UTF_8).contains(" started in ")) {
                Thread.sleep(100);
            }
            if (process.isAlive()) {
                process.destroyForcibly().waitFor();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Files.delete(log);
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("Could not start " + jar, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + jar, e);
        }
    }
}
