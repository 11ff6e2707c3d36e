package dev.encore.k8s;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The tools these checks drive (kubectl, promtool, make-secrets, skopeo, umoci), run as separate processes. */
final class Command {

    private Command() {
    }

    /** Runs a command to completion (at most a minute) and answers its standard output; fails on a non-zero exit. */
    static String run(List<String> command) {
        return run(command, 60);
    }

    /** Like {@link #run(List)}, given at most {@code seconds}. */
    static String run(List<String> command, int seconds) {
        try {
            Path out = Files.createTempFile("k8s-check", ".out");
            Path err = Files.createTempFile("k8s-check", ".err");
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("timed out: " + String.join(" ", command));
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            String errors = Files.readString(err, StandardCharsets.UTF_8);
            Files.delete(out);
            Files.delete(err);
            if (process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " exited " + process.exitValue() + ":\n" + errors + output);
            }
            return output;
        } catch (IOException e) {
            throw new AssertionError("could not run " + command.get(0) + " (scripts/test installs it): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
