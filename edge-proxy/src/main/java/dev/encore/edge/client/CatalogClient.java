package dev.encore.edge.client;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.encore.edge.config.EdgeConfig;
import dev.encore.edge.service.EdgeUnavailableException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Whether a performance queues and when its sales open, as catalog-service says, remembered for a few seconds. In an on-sale thousands of
 * holds arrive in the same second: they share one catalog call per performance, including the one in flight.
 */
@Singleton
public class CatalogClient {

    private static final long TIMEOUT_MS = 1000;

    private final CatalogApi api;
    private final AsyncCache<Long, Lookup> settings;

    CatalogClient(@RestClient CatalogApi api, EdgeConfig config) {
        this.api = api;
        this.settings = Caffeine.newBuilder()
                .expireAfterWrite(config.waitingRoom().settingsTtl())
                .maximumSize(10_000)
                .buildAsync();
    }

    /**
     * The performance's waiting-room settings; completes on the caller's Vert.x context when it has one. Fails with
     * {@link PerformanceNotFoundException} (catalog-service answered 404) or {@link EdgeUnavailableException}
     * (catalog-service did not answer within a second, or answered otherwise).
     */
    public Future<PerformanceSettings> settings(long performanceId) {
        CompletableFuture<Lookup> known = settings.get(performanceId, (id, executor) -> fetch(id));
        CompletableFuture<PerformanceSettings> answered = known.thenCompose(lookup -> {
            if (lookup.failure() == null) {
                return CompletableFuture.completedFuture(lookup.found());
            }
            // an unknown performance is remembered like a known one; a catalog-service that did not answer is asked
            // again by the next request
            if (!(lookup.failure() instanceof PerformanceNotFoundException)) {
                settings.asMap().remove(performanceId, known);
            }
            return CompletableFuture.failedFuture(lookup.failure());
        });
        Context context = Vertx.currentContext();
        Future<PerformanceSettings> answer = context == null ? Future.fromCompletionStage(answered)
                : Future.fromCompletionStage(answered, context);
        // a stage that completes from another stage's failure wraps it in a CompletionException
        return answer.recover(failure -> Future.failedFuture(unwrapped(failure)));
    }

    // never a failed future: Caffeine logs every failed load at WARN with its stack trace, which a flood of unknown
    // performance ids would turn into a flood of log lines
    private CompletableFuture<Lookup> fetch(long performanceId) {
        return api.performance(performanceId).toCompletableFuture()
                .orTimeout(TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .handle((found, failure) -> failure == null ? new Lookup(found, null)
                        : new Lookup(null, mapped(performanceId, unwrapped(failure))));
    }

    /** catalog-service's answer: the settings, or why there are none. */
    private record Lookup(PerformanceSettings found, RuntimeException failure) {
    }

    private static RuntimeException mapped(long performanceId, Throwable failure) {
        if (failure instanceof WebApplicationException web && web.getResponse().getStatus() == 404) {
            return new PerformanceNotFoundException(performanceId);
        }
        return new EdgeUnavailableException("catalog-service cannot say whether performance " + performanceId
                + " has a waiting room", 2, failure);
    }

    private static Throwable unwrapped(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
