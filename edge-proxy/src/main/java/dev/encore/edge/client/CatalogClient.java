package dev.encore.edge.client;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.encore.edge.config.EdgeConfig;
import dev.encore.edge.service.EdgeUnavailableException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Whether a performance queues and when its sales open, as catalog-service says, remembered for a few seconds. In an on-sale thousands of
 * holds arrive in the same second: they share one catalog call per performance, including the one in flight.
 */
@ApplicationScoped
public class CatalogClient {

    private final CatalogApi api;
    private final AsyncCache<Long, PerformanceSettings> settings;

    CatalogClient(@RestClient CatalogApi api, EdgeConfig config) {
        this.api = api;
        this.settings = Caffeine.newBuilder()
                .expireAfterWrite(config.waitingRoom().settingsTtl())
                .maximumSize(10_000)
                .buildAsync();
    }

    public Uni<PerformanceSettings> settings(long performanceId) {
        return Uni.createFrom().completionStage(() -> settings.get(performanceId, (id, executor) -> fetch(id)));
    }

    private CompletableFuture<PerformanceSettings> fetch(long performanceId) {
        return api.performance(performanceId)
                .ifNoItem().after(Duration.ofSeconds(1)).fail()
                .onFailure().transform(failure -> {
                    if (failure instanceof WebApplicationException web && web.getResponse().getStatus() == 404) {
                        return new PerformanceNotFoundException(performanceId);
                    }
                    return new EdgeUnavailableException("catalog-service cannot say whether performance "
                            + performanceId + " has a waiting room", 2, failure);
                })
                .subscribeAsCompletionStage();
    }
}
