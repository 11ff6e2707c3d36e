package dev.encore.booking.service;

import dev.encore.booking.domain.DependencyUnavailableException;
import dev.encore.booking.domain.QueuePassRequiredException;
import dev.encore.common.WaitingRoomKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import dev.encore.common.WaitingRoomKeys;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.UUID;

/**
 * Checks waiting-room passes against the ones edge-proxy issued. edge-proxy owns the key
 * {@code edge:queue:{perf:<id>}:pass:<userId>} (its WaitingRoom writes it, with the pass's time to live); this
 * service only reads it.
 */
@ApplicationScoped
public class QueuePasses {

    private final ReactiveRedisDataSource redis;

    QueuePasses(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    /**
     * Completes when {@code pass} is the one issued to the user for the performance; fails with
     * {@link QueuePassRequiredException} otherwise, and with {@link DependencyUnavailableException} when Redis
     * cannot answer (no pass can be checked, so no hold is taken).
     */
    public Uni<Void> check(long performanceId, UUID userId, String pass) {
        if (pass == null || pass.isBlank()) {
            return Uni.createFrom().failure(new QueuePassRequiredException(performanceId));
        }
        return redis.value(String.class).get(WaitingRoomKeys.pass(performanceId, userId.toString()))
                .onFailure().transform(e -> new DependencyUnavailableException("Redis", Duration.ofMillis(500), e))
                .invoke(issued -> {
                    if (!pass.equals(issued)) {
                        throw new QueuePassRequiredException(performanceId);
                    }
                })
                .replaceWithVoid();
    }
}
