package dev.encore.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Starts the real PostgreSQL and Redis servers a service's tests run against, each in a fresh directory on a
 * free port, and points the service at them. Init args: {@code database}, the service's database and role
 * (omit it for a service without a database); {@code token-keys=true}, verify access tokens against a key pair
 * made for this run, which {@link TestTokens} signs with.
 */
public class EncoreServersResource implements QuarkusTestResourceLifecycleManager {

    private Optional<String> database = Optional.empty();
    private boolean tokenKeys;
    private Path tokenKeyDirectory;
    private PostgresServer postgres;
    private RedisServer redis;

    @Override
    public void init(Map<String, String> initArgs) {
        database = Optional.ofNullable(initArgs.get("database"));
        tokenKeys = Boolean.parseBoolean(initArgs.get("token-keys"));
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        redis = RedisServer.start();
        config.put("quarkus.redis.hosts", redis.uri());
        database.ifPresent(name -> {
            postgres = PostgresServer.start();
            PostgresServer.Credentials credentials = postgres.createDatabase(name);
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
        return config;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(redis, new TestInjector.AnnotatedAndMatchesType(InjectServer.class, RedisServer.class));
        if (postgres != null) {
            testInjector.injectIntoFields(postgres,
                    new TestInjector.AnnotatedAndMatchesType(InjectServer.class, PostgresServer.class));
        }
    }

    @Override
    public void stop() {
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
