package dev.encore.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.encore.testsupport.FreePorts;
import dev.encore.testsupport.PostgresServer;
import dev.encore.testsupport.RedisServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The five images scripts/test built and pushed to the local registry (scripts/lib.sh), each started from its own
 * root filesystem and entrypoint ({@link ImageContainer}) in the prod profile, as the user and group of k8s/'s pod
 * securityContext, configured only through environment variables and the signing key's read-only mount as k8s/
 * configures it, against the harness's PostgreSQL and Redis: every one gets ready, and a fan's hold
 * and booking go through edge-proxy's image to booking-service's image (and user-service's and catalog-service's on
 * the way). Each image is the one the service's build recorded (target/quarkus-artifact.properties). Sizes and start
 * times go to target/images/report.txt. Runs when the build builds images ({@code quarkus.container-image.build=true}, as scripts/test sets it).
 */
class ImagesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path WORK = Path.of("target", "images").toAbsolutePath();
    private static final String KEYS_IN_IMAGE = "/etc/encore/keys";
    private static final String TICKET_KEYS_IN_IMAGE = "/etc/encore/ticket-keys";

    private static List<HasMetadata> base;
    private static PostgresServer postgres;
    private static RedisServer redis;
    private static final Map<String, ContainerImage> IMAGES = new LinkedHashMap<>();
    private static final Map<String, ImageContainer> CONTAINERS = new LinkedHashMap<>();
    private static final Map<String, Duration> READY_AFTER = new LinkedHashMap<>();
    private static final String ADMIN_PASSWORD = UUID.randomUUID().toString();

    @BeforeAll
    static void startEveryImage() throws IOException {
        Path secrets = WORK.resolve("secrets");
        Command.run(List.of(Kustomize.REPOSITORY.resolve("k8s/overlays/dev/make-secrets").toString(), secrets.toString()));
        Path keys = signingKeyVolume(secrets, "user-service", "");
        Path ticketKeys = signingKeyVolume(secrets, "booking-service", "ticket-");
        for (String service : ManifestsTest.QUARKUS_SERVICES) {
            IMAGES.put(service, ContainerImage.pull(builtImage(service), service, WORK.resolve("oci"), WORK.resolve("bundles")));
        }

        redis = RedisServer.start();
        postgres = PostgresServer.start();
        PostgresServer.Credentials users = postgres.createDatabase("encore_user");
        PostgresServer.Credentials catalog = postgres.createDatabase("encore_catalog");
        // closing-job's role and schema exist before catalog-service's migrations grant it what it may touch
        PostgresServer.Credentials closing = postgres.createServiceRole("encore_catalog", "encore_closing", "closing");
        PostgresServer.Credentials booking = postgres.createDatabase("encore_booking");
        Map<String, Integer> ports = new HashMap<>();
        ManifestsTest.QUARKUS_SERVICES.forEach(service -> ports.put(service, FreePorts.next()));

        Map<String, String> shared = Map.of("QUARKUS_PROFILE", "prod", "JAVA_TOOL_OPTIONS", "-Xmx256m",
                "ENCORE_REDIS_URL", redis.uri(),
                "ENCORE_JWKS_URL", "http://127.0.0.1:" + ports.get("user-service") + "/.well-known/jwks.json",
                "ENCORE_CATALOG_ADDRESSES", "127.0.0.1:" + ports.get("catalog-service"));
        start("user-service", ports, shared, Map.of("ENCORE_USER_DB_URL", users.jdbcUrl(),
                "ENCORE_USER_DB_USER", users.username(), "ENCORE_USER_DB_PASSWORD", users.password(),
                "ENCORE_JWT_KEY_DIR", KEYS_IN_IMAGE, "ENCORE_ADMIN_PASSWORD", ADMIN_PASSWORD), Map.of(keys, KEYS_IN_IMAGE));
        start("catalog-service", ports, shared, Map.of("ENCORE_CATALOG_DB_URL", catalog.jdbcUrl(),
                "ENCORE_CATALOG_DB_USER", catalog.username(), "ENCORE_CATALOG_DB_PASSWORD", catalog.password(),
                "ENCORE_CLOSING_DB_USER", closing.username()), Map.of());
        start("booking-service", ports, shared, Map.of("ENCORE_BOOKING_DB_URL", booking.jdbcUrl(),
                "ENCORE_BOOKING_DB_USER", booking.username(), "ENCORE_BOOKING_DB_PASSWORD", booking.password(),
                "ENCORE_PAYMENT_PROVIDER", "simulated", "ENCORE_PAYMENT_URL", "http://127.0.0.1:9",
                "ENCORE_TICKET_KEY_DIR", TICKET_KEYS_IN_IMAGE), Map.of(ticketKeys, TICKET_KEYS_IN_IMAGE));
        awaitReady("user-service", "catalog-service", "booking-service");
        start("closing-job", ports, shared, Map.of("ENCORE_CATALOG_DB_URL", catalog.jdbcUrl(),
                "ENCORE_CLOSING_DB_USER", closing.username(), "ENCORE_CLOSING_DB_PASSWORD", closing.password()), Map.of());
        start("edge-proxy", ports, shared, Map.of(
                "ENCORE_USER_ADDRESSES", "127.0.0.1:" + ports.get("user-service"),
                "ENCORE_BOOKING_ADDRESSES", "127.0.0.1:" + ports.get("booking-service"),
                "ENCORE_CLOSING_ADDRESSES", "127.0.0.1:" + ports.get("closing-job")), Map.of());
        awaitReady("closing-job", "edge-proxy");
    }

    /** The image Quarkus built and pushed for {@code service} in this run, as its build recorded it. */
    private static String builtImage(String service) throws IOException {
        Properties artifact = new Properties();
        try (Reader reader = Files.newBufferedReader(Kustomize.REPOSITORY.resolve(service)
                .resolve("target/quarkus-artifact.properties"))) {
            artifact.load(reader);
        }
        String image = artifact.getProperty("metadata.container-image");
        assertNotNull(image, service + " built no image: scripts/test builds them (quarkus.container-image.build)");
        return image;
    }

    /**
     * A signing key as k8s/ mounts it for {@code service} (Secret user-service-signing-key, booking-service-ticket-key):
     * make-secrets' files named {@code prefix}signing-key.pem and {@code prefix}jwks.json, owned by root, group fsGroup,
     * mode 0440 (the volume's defaultMode).
     */
    private static Path signingKeyVolume(Path secrets, String service, String prefix) throws IOException {
        PodSecurityContext pod = podSecurity(service);
        Path volume = WORK.resolve(service + "-key-volume");
        Command.run(List.of("rm", "-rf", volume.toString()));
        Files.createDirectories(volume);
        Files.setAttribute(volume, "unix:gid", pod.getFsGroup().intValue());
        Files.setPosixFilePermissions(volume, PosixFilePermissions.fromString("rwxr-x---"));
        for (String file : List.of("signing-key.pem", "jwks.json")) {
            Path copy = Files.copy(secrets.resolve(prefix + file), volume.resolve(file));
            Files.setAttribute(copy, "unix:gid", pod.getFsGroup().intValue());
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("r--r-----"));
        }
        return volume;
    }

    private static PodSecurityContext podSecurity(String service) {
        return deployment(service).getSpec().getTemplate().getSpec().getSecurityContext();
    }

    /** {@code service}'s Deployment as k8s/base renders it (rendered once). */
    private static Deployment deployment(String service) {
        if (base == null) {
            base = Kustomize.render("base");
        }
        return base.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .filter(deployment -> deployment.getMetadata().getName().equals(service)).findFirst().orElseThrow();
    }

    private static void start(String service, Map<String, Integer> ports, Map<String, String> shared,
                              Map<String, String> own, Map<Path, String> mounts) {
        Map<String, String> environment = new HashMap<>(shared);
        environment.putAll(own);
        PodSecurityContext pod = podSecurity(service);
        CONTAINERS.put(service, ImageContainer.start(service, IMAGES.get(service), pod.getRunAsUser(),
                pod.getRunAsGroup(), ports.get(service), environment, mounts, WORK.resolve("logs")));
    }

    private static void awaitReady(String... services) {
        for (String service : services) {
            READY_AFTER.put(service, CONTAINERS.get(service).awaitReady());
        }
    }

    @AfterAll
    static void stopEverything() throws IOException {
        Map<String, Duration> stoppedAfter = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        List<String> services = new ArrayList<>(CONTAINERS.keySet());
        Collections.reverse(services);
        for (String service : services) {
            try {
                stoppedAfter.put(service, CONTAINERS.get(service).stop());
            } catch (AssertionError e) {
                failures.add(e.getMessage());
            }
        }
        List<String> report = new ArrayList<>(List.of("image\tcompressed MB\tunpacked MB\tready after s\tstopped after s"));
        IMAGES.forEach((service, image) -> report.add("%s\t%.1f\t%.1f\t%s\t%s".formatted(image.reference(),
                image.compressedBytes() / 1e6, image.unpackedBytes() / 1e6, seconds(READY_AFTER.get(service)),
                seconds(stoppedAfter.get(service)))));
        Files.createDirectories(WORK);
        Files.write(WORK.resolve("report.txt"), report);
        report.forEach(System.out::println);
        if (redis != null) {
            redis.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        // k8s/ gives a pod 30 s between SIGTERM and SIGKILL: every service must be gone by then
        assertEquals(List.of(), failures);
    }

    private static String seconds(Duration duration) {
        return duration == null ? "-" : "%.1f".formatted(duration.toMillis() / 1e3);
    }

    @Test
    void everyImageRunsItsServiceAsUid185FromItsOwnEntrypoint() {
        IMAGES.forEach((service, image) -> {
            assertEquals(185, image.uid(), service);
            assertEquals(List.of("java", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-jar",
                    "quarkus-run.jar"), image.args(), service);
            assertTrue(Files.isRegularFile(image.rootfs().resolve(image.workingDirectory().substring(1))
                    .resolve("quarkus-run.jar")), service);
            assertEquals(service, image.labels().get("org.opencontainers.image.title"), service);
            assertEquals(image.reference().substring(image.reference().lastIndexOf(':') + 1),
                    image.labels().get("org.opencontainers.image.version"), service);
        });
    }

    @Test
    void theManifestsNameTheImagesBuilt() {
        for (String service : ManifestsTest.QUARKUS_SERVICES) {
            String named = deployment(service).getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
            String built = IMAGES.get(service).reference();
            assertEquals(built.substring(built.indexOf('/') + 1, built.lastIndexOf(':')), named, service);
        }
    }

    @Test
    void aFansHoldAndBookingGoThroughTheEdgeImageToBookingServicesImage() throws Exception {
        String edge = CONTAINERS.get("edge-proxy").baseUrl();
        String admin = login(edge, "admin@encore.local", ADMIN_PASSWORD);
        long venue = call(edge, "POST", "/api/venues", admin, Map.of("name", "Image Hall",
                "sections", List.of(Map.of("name", "A", "rows", 2, "seatsPerRow", 5))), 201).path("id").asLong();
        Instant start = Instant.now().plus(30, ChronoUnit.DAYS);
        long performance = call(edge, "POST", "/api/performances", admin, Map.of("venueId", venue, "title", "Image Night",
                "startsAt", start.toString(), "endsAt", start.plus(3, ChronoUnit.HOURS).toString(),
                "prices", Map.of("A", 25)), 201).path("id").asLong();

        String email = "fan-" + UUID.randomUUID() + "@example.org";
        call(edge, "POST", "/api/users", null, Map.of("email", email, "password", "correct-horse-battery", "name", "Fan"), 201);
        String fan = login(edge, email, "correct-horse-battery");
        String hold = call(edge, "POST", "/api/holds", fan, Map.of("performanceId", performance,
                "seatIds", List.of("A-1-1", "A-1-2")), 201).path("holdId").asText();
        JsonNode booking = call(edge, "POST", "/api/bookings", fan, Map.of("holdId", hold), 201);
        assertEquals("CONFIRMED", booking.path("status").asText());
        JsonNode seats = call(edge, "GET", "/api/performances/" + performance + "/seats", null, null, 200).path("seats");
        List<String> sold = new ArrayList<>();
        seats.forEach(seat -> {
            if (seat.path("status").asText().equals("SOLD")) {
                sold.add(seat.path("id").asText());
            }
        });
        assertEquals(List.of("A-1-1", "A-1-2"), sold);
        // and the answer came from the image's booking-service: its metrics counted the confirm
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(CONTAINERS.get("booking-service").baseUrl() + "/q/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.lines().anyMatch(line -> line.startsWith("http_server_requests_seconds_count")
                && line.contains("uri=\"/api/bookings\"") && line.contains("status=\"201\"")), "no confirm counted");
    }

    private static String login(String edge, String email, String password) throws Exception {
        return call(edge, "POST", "/api/auth/login", null, Map.of("email", email, "password", password), 200)
                .path("accessToken").asText();
    }

    private static JsonNode call(String base, String method, String path, String token, Object body, int expected)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (path.equals("/api/bookings")) {
            request.header("Idempotency-Key", UUID.randomUUID().toString());
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, response.statusCode(), method + " " + path + ": " + response.body());
        return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    }
}
