package dev.encore.edge;

import dev.encore.testsupport.InjectServer;
import dev.encore.testsupport.PeerService;
import dev.encore.testsupport.PostgresServer;
import dev.encore.testsupport.TestRedis;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The whole system the edge fronts, for real: PostgreSQL and Redis, then user-service, catalog-service and
 * booking-service from their packaged jars, each with its own database, finding each other through Stork. The
 * edge under test is pointed at them exactly as scripts/up points it at the local stack.
 */
public class EncoreStackResource implements QuarkusTestResourceLifecycleManager {

    private static final String ADMIN_EMAIL = "admin@encore.local";

    private PostgresServer postgres;
    private TestRedis redis;
    private Path keyDirectory;
    private PeerService users;
    private PeerService catalog;
    private PeerService booking;
    private final String adminPassword = UUID.randomUUID().toString();

    @Override
    public Map<String, String> start() {
        redis = TestRedis.start();
        postgres = PostgresServer.start();
        // user-service makes its signing keys here (booking-service its ticket keys in tickets/), under target/, as
        // their own tests do
        keyDirectory = Path.of("target", "stack-keys", UUID.randomUUID().toString()).toAbsolutePath();
        Map<String, String> userConfig = database("encore_user");
        userConfig.put("encore.jwt.key-directory", keyDirectory.toString());
        userConfig.put("encore.jwt.generate-missing-keys", "true");
        userConfig.put("encore.admin.password", adminPassword);
        users = PeerService.start(jar("user-service"), userConfig);
        String jwks = users.baseUrl() + "/.well-known/jwks.json";

        Map<String, String> catalogConfig = database("encore_catalog");
        catalogConfig.put("mp.jwt.verify.publickey.location", jwks);
        catalog = PeerService.start(jar("catalog-service"), catalogConfig);

        Map<String, String> bookingConfig = database("encore_booking");
        bookingConfig.put("mp.jwt.verify.publickey.location", jwks);
        bookingConfig.put("quarkus.stork.catalog-service.service-discovery.address-list", address(catalog));
        bookingConfig.put("encore.tickets.key-directory", keyDirectory.resolve("tickets").toString());
        bookingConfig.put("encore.tickets.generate-missing-keys", "true");
        booking = PeerService.start(jar("booking-service"), bookingConfig);

        Map<String, String> config = new HashMap<>();
        config.putAll(redis.clientConfig());
        config.put("mp.jwt.verify.publickey.location", jwks);
        config.put("quarkus.stork.user-service.service-discovery.address-list", address(users));
        config.put("quarkus.stork.catalog-service.service-discovery.address-list", address(catalog));
        config.put("quarkus.stork.booking-service.service-discovery.address-list", address(booking));
        return config;
    }

    private Map<String, String> database(String name) {
        PostgresServer.Credentials credentials = postgres.createDatabase(name);
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", credentials.jdbcUrl());
        config.put("quarkus.datasource.username", credentials.username());
        config.put("quarkus.datasource.password", credentials.password());
        config.putAll(redis.clientConfig());
        return config;
    }

    private static Path jar(String module) {
        return Path.of("..", module, "target", "quarkus-app", "quarkus-run.jar");
    }

    private static String address(PeerService peer) {
        return "127.0.0.1:" + peer.port();
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(stack(), new TestInjector.AnnotatedAndMatchesType(InjectServer.class, EncoreStack.class));
    }

    /** What {@link #start()} started. */
    public EncoreStack stack() {
        return new EncoreStack(redis, postgres, users, catalog, booking, ADMIN_EMAIL, adminPassword);
    }

    @Override
    public void stop() {
        for (AutoCloseable server : new AutoCloseable[]{booking, catalog, users, redis, postgres}) {
            if (server != null) {
                try {
                    server.close();
                } catch (Exception e) {
                    // the next one still has to go
                }
            }
        }
    }
}
