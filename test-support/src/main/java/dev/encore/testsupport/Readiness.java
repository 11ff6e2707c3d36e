package dev.encore.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

/** Waiting for a started service to answer its readiness check, SmallRye Health's {@code /q/health/ready}. */
public final class Readiness {

    private Readiness() {
    }

    /**
     * Polls {@code baseUrl}/q/health/ready every 100 ms until it answers 200.
     *
     * @param process the service's process: its exit ends the wait at once
     * @param log     the service's last output, for the failure message
     * @throws IllegalStateException when the process exits or {@code within} passes first
     */
    public static void await(Process process, String baseUrl, Duration within, Supplier<String> log) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            poll(http, process, baseUrl, within, log);
        }
    }

    private static void poll(HttpClient http, Process process, String baseUrl, Duration within, Supplier<String> log) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("exited with " + process.exitValue() + " during start-up:\n" + log.get());
            }
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("not ready within " + within.toSeconds() + " s:\n" + log.get());
    }
}
