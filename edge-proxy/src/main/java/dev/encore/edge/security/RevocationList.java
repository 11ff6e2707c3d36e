package dev.encore.edge.security;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads the revocations user-service writes at logout and on refresh-token reuse: one key per revoked token and
 * one per revoked session. Two single-key reads rather than one two-key call, because the keys live on different
 * Redis Cluster slots.
 */
@ApplicationScoped
public class RevocationList {

    static final String TOKEN_PREFIX = "auth:revoked:jti:";
    static final String SESSION_PREFIX = "auth:revoked:sid:";

    private final ReactiveKeyCommands<String> keys;

    RevocationList(ReactiveRedisDataSource redis) {
        this.keys = redis.key();
    }

    public Uni<Boolean> isRevoked(Caller caller) {
        return Uni.combine().all()
                .unis(keys.exists(TOKEN_PREFIX + caller.tokenId()), keys.exists(SESSION_PREFIX + caller.sessionId()))
                .with((token, session) -> token || session);
    }
}
