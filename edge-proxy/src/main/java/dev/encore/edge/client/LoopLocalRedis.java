package dev.encore.edge.client;

import io.quarkus.redis.client.RedisOptionsCustomizer;
import io.quarkus.redis.runtime.client.config.RedisConfig;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The edge's Redis client for calls made on an event loop: one Vert.x Redis client per loop, created on that loop,
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
    private final Map<Thread, Redis> clientsByEventLoop = new ConcurrentHashMap<>();

    LoopLocalRedis(Vertx vertx, Redis shared, OptionsCapture options) {
        this.vertx = vertx;
        this.shared = shared;
        this.options = options;
    }

    /** The calling event loop's client, or Quarkus' client on any other thread (and before it was first used). */
    public Redis current() {
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
