package dev.encore.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.flywaydb.core.Flyway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Starts the real PostgreSQL and Redis servers a service's tests run against, each in a fresh directory on a
 * free port, and points the service at them. The Redis is one server or a cluster, as {@link TestRedis#start()}
 * picks. Init args:
 * <ul>
 * <li>{@code database}: the database, owned by a role of the same name (omit it for a service without one);</li>
 * <li>{@code service-role} and {@code service-schema}: the service logs in as this role instead, which owns only
 * that schema (a service sharing another's database);</li>
 * <li>{@code owner-migrations}: a folder of Flyway migrations run as the owner first, with the placeholder
 * {@code closingRole} set to the service role (the owning service's schema, exactly as it ships);</li>
 * <li>{@code token-keys=true}: verify access tokens against a key pair made for this run, which
 * {@link TestTokens} signs with.</li>
 * <li>{@code peer-catalog}: the path of catalog-service's packaged jar; it is started against its own database
 * (encore_catalog) on the same servers, and the service finds it as Stork service {@code catalog-service}.</li>
 * </ul>
 */
public class EncoreServersResource implements QuarkusTestResourceLifecycleManager {

    private Optional<String> database = Optional.empty();
    private Optional<String> serviceRole = Optional.empty();
    private String serviceSchema;
    private Optional<String> ownerMigrations = Optional.empty();
    private Optional<String> peerCatalog = Optional.empty();
    private PeerService catalog;
    private boolean tokenKeys;
    private Path tokenKeyDirectory;
    private PostgresServer postgres;
    private TestRedis redis;

    @Override
    public void init(Map<String, String> initArgs) {
        database = Optional.ofNullable(initArgs.get("database"));
        tokenKeys = Boolean.parseBoolean(initArgs.get("token-keys"));
        serviceRole = Optional.ofNullable(initArgs.get("service-role"));
        serviceSchema = initArgs.get("service-schema");
        ownerMigrations = Optional.ofNullable(initArgs.get("owner-migrations"));
        peerCatalog = Optional.ofNullable(initArgs.get("peer-catalog"));
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        redis = TestRedis.start();
        config.putAll(redis.clientConfig());
        database.ifPresent(name -> {
            postgres = PostgresServer.start();
            PostgresServer.Credentials owner = postgres.createDatabase(name);
            PostgresServer.Credentials credentials = serviceRole
                    .map(role -> postgres.createServiceRole(name, role, serviceSchema)).orElse(owner);
            ownerMigrations.ifPresent(folder -> Flyway.configure()
                    .dataSource(owner.jdbcUrl(), owner.username(), owner.password())
                    .locations("filesystem:" + folder)
                    .placeholders(Map.of("closingRole", serviceRole.orElse("no_such_role")))
                    .load().migrate());
            config.put("quarkus.datasource.jdbc.url", credentials.jdbcUrl());
            config.put("quarkus.datasource.username", credentials.username());
            config.put("quarkus.datasource.password", credentials.password());
        });
        if (tokenKeys) {
            try {
                tokenKeyDirectory = Files.createTempDirectory("encore-jwt-");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            config.putAll(TestTokens.generateKeys(tokenKeyDirectory));
        }
        peerCatalog.ifPresent(jar -> {
            PostgresServer.Credentials catalogDb = postgres.createDatabase("encore_catalog");
            Map<String, String> catalogConfig = new HashMap<>(redis.clientConfig());
            catalogConfig.putAll(Map.of(
                    "quarkus.datasource.jdbc.url", catalogDb.jdbcUrl(),
                    "quarkus.datasource.username", catalogDb.username(),
                    "quarkus.datasource.password", catalogDb.password(),
                    "mp.jwt.verify.publickey.location", config.get("mp.jwt.verify.publickey.location"),
                    "encore.catalog.sales-opener-interval", "1s"));
            catalog = PeerService.start(Path.of(jar), catalogConfig);
            config.put("quarkus.stork.catalog-service.service-discovery.address-list", "127.0.0.1:" + catalog.port());
            config.put("encore.test.catalog-url", catalog.baseUrl());
        });
        return config;
    }

    @Override
    public void inject(TestInjector testInjector) {
        if (catalog != null) {
            testInjector.injectIntoFields(catalog, new TestInjector.AnnotatedAndMatchesType(InjectServer.class, PeerService.class));
        }
        testInjector.injectIntoFields(redis, new TestInjector.AnnotatedAndMatchesType(InjectServer.class, TestRedis.class));
        if (postgres != null) {
            testInjector.injectIntoFields(postgres,
                    new TestInjector.AnnotatedAndMatchesType(InjectServer.class, PostgresServer.class));
        }
    }

    @Override
    public void stop() {
        if (catalog != null) {
            catalog.close();
        }
        if (redis != null) {
            redis.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (tokenKeyDirectory != null) {
            Binaries.deleteRecursively(tokenKeyDirectory);
        }
    }
}
