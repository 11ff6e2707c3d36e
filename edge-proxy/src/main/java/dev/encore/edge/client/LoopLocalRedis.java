package dev.encore.edge.client;

import dev.encore.common.RedisScript;
import io.quarkus.redis.client.RedisOptionsCustomizer;
import io.quarkus.redis.runtime.client.config.RedisConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The edge's Redis calls, each failing with a {@link java.util.concurrent.TimeoutException} when Redis has not
 * answered within {@code quarkus.redis.timeout} (1 s): a Redis that hangs (a paused or overloaded server, a
 * primary that stopped answering) costs a token request a 503, never a request held open until the caller gives up.
 * Quarkus applies that setting to its blocking API only.
 * <p>
 * Calls made on an event loop go through one Vert.x Redis client per loop, created on that loop,
 * with the options Quarkus built for its default client from {@code quarkus.redis.*} (caught by
 * {@link OptionsCapture}). A Vert.x Redis client (4.5) opens every connection on the event loop of the context it
 * was created on, so a call made on any other loop gets its answer through a task handed back to the caller's loop:
 * a queue and a thread wake-up on every request with a token. A client per loop keeps the exchange on the calling
 * thread, as the edge's HTTP clients do (UpstreamProxy). Off an event loop, Quarkus' own client serves.
 * <p>
 * A client belongs to the context it was created on, as Vert.x resources do: here the HTTP server's, which lives as
 * long as the service.
 */
@Singleton
public class LoopLocalRedis {

    private final Vertx vertx;
    private final Redis shared;
    private final OptionsCapture options;
    private final long timeoutMillis;
    private final Map<Thread, Redis> clientsByEventLoop = new ConcurrentHashMap<>();

    LoopLocalRedis(Vertx vertx, Redis shared, OptionsCapture options,
                   @ConfigProperty(name = "quarkus.redis.timeout") Duration timeout) {
        this.vertx = vertx;
        this.shared = shared;
        this.options = options;
        this.timeoutMillis = timeout.toMillis();
    }

    /** Sends {@code request}; the future fails as the call fails, or when Redis does not answer in time. */
    public Future<Response> send(Request request) {
        return current().send(request).timeout(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code script} (see {@link RedisScript#run(Redis, String...)}) within the same time limit. */
    public Future<Response> run(RedisScript script, String... keysAndArgs) {
        return script.run(current(), keysAndArgs).timeout(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** The calling event loop's client, or Quarkus' client on any other thread (and before it was first used). */
    Redis current() {
        RedisOptions captured = options.options;
        if (captured == null || !Context.isOnEventLoopThread()) {
            return shared;
        }
        return clientsByEventLoop.computeIfAbsent(Thread.currentThread(), loop -> Redis.createClient(vertx, captured));
    }

    @PreDestroy
    void close() {
        clientsByEventLoop.values().forEach(Redis::close);
    }

    /**
     * Keeps a copy of the options Quarkus creates its default Redis client with, after every setting (hosts,
     * client type, pool, password, TLS) is applied. Quarkus calls each {@link RedisOptionsCustomizer} bean as it
     * creates a client.
     */
    @Singleton
    static class OptionsCapture implements RedisOptionsCustomizer {

        private volatile RedisOptions options;

        @Override
        public void customize(String clientName, RedisOptions options) {
            if (RedisConfig.DEFAULT_CLIENT_NAME.equals(clientName)) {
                this.options = new RedisOptions(options);
            }
        }
    }
}
