package dev.encore.common;

import io.quarkus.runtime.StartupEvent;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stops a service at start-up whose Redis client type ({@code quarkus.redis.client-type}, which every service sets
 * from {@code ENCORE_REDIS_CLIENT_TYPE}) does not match the Redis it reaches. Left running, a standalone client
 * on a cluster node gets {@code MOVED} errors for the keys of every other node (some holds, some logins fail, as
 * 503s), and a cluster client on a plain Redis fails every call; both are easier to read as one line at start-up.
 * <p>
 * A Redis node says whether it is part of a cluster in {@code INFO cluster} ({@code cluster_enabled:1}), and one
 * that is not answers {@code CLUSTER SLOTS}, which the cluster client sends first, with "cluster support disabled"
 * (Redis docs, "INFO" and "Scale with Redis Cluster"). A Redis that does not answer within the check's time is not
 * a mismatch: services start without Redis and answer 503 until it is back.
 */
@ApplicationScoped
public class RedisClientTypeCheck {

    /** The client types of {@code quarkus.redis.client-type} this check knows. */
    public static final String STANDALONE = "standalone";
    public static final String CLUSTER = "cluster";

    private static final Logger LOG = Logger.getLogger(RedisClientTypeCheck.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final String CLUSTER_DISABLED = "cluster support disabled";

    // before the scheduler starts (at PLATFORM_BEFORE: the same priority would leave the order to chance), so that a
    // service that will not run starts no jobs, and its log's first error is this one line
    void onStart(@Observes @Priority(EagerRedisDataSources.BEFORE_THE_SCHEDULER) StartupEvent event, Redis redis,
                 @ConfigProperty(name = "quarkus.redis.client-type", defaultValue = STANDALONE) String clientType) {
        mismatch(redis, clientType, TIMEOUT).ifPresent(message -> {
            LOG.error(message);
            throw new IllegalStateException(message);
        });
    }

    /**
     * What is wrong when {@code redis}, a client of type {@code clientType} ({@value #STANDALONE} or
     * {@value #CLUSTER}), reaches a Redis of the other kind; empty when the kinds match, or when Redis did not answer
     * within {@code timeout} (then logged). Blocks the caller for up to {@code timeout}: never call it on an event
     * loop.
     */
    public static Optional<String> mismatch(Redis redis, String clientType, Duration timeout) {
        boolean clusterNode;
        try {
            String info = redis.send(Request.cmd(Command.INFO).arg("cluster")).toCompletionStage().toCompletableFuture()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).toString();
            clusterNode = info.contains("cluster_enabled:1");
        } catch (ExecutionException e) {
            if (!CLUSTER.equals(clientType) || !mentions(e, CLUSTER_DISABLED)) {
                LOG.warnf("Redis client type %s not checked: %s", clientType, e.getCause());
                return Optional.empty();
            }
            clusterNode = false;
        } catch (TimeoutException e) {
            LOG.warnf("Redis client type %s not checked: no answer within %d ms", clientType, timeout.toMillis());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        if (clusterNode && !CLUSTER.equals(clientType)) {
            return Optional.of("The Redis client is " + clientType + " but Redis is a cluster node: set "
                    + "ENCORE_REDIS_CLIENT_TYPE=cluster and list every node in ENCORE_REDIS_URL "
                    + "(docs/operations.md, Redis Cluster)");
        }
        if (!clusterNode && CLUSTER.equals(clientType)) {
            return Optional.of("The Redis client is cluster but Redis is not a cluster node: set "
                    + "ENCORE_REDIS_CLIENT_TYPE=standalone (docs/operations.md, Redis Cluster)");
        }
        return Optional.empty();
    }

    private static boolean mentions(Throwable failure, String text) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && cause.getMessage().contains(text)) {
                return true;
            }
        }
        return false;
    }
}
