package dev.encore.edge.security;

import dev.encore.common.RevocationKeys;

import java.util.List;

/**
 * Where user-service writes revocations, at logout and on refresh-token reuse: one key per revoked token and one per
 * revoked session, both tagged with the user, so that the edge checks them with the caller's rate limit in one
 * script call (see RateLimiter) that also runs on Redis Cluster.
 */
public final class RevocationList {

    private RevocationList() {
    }

    /** The keys whose existence revokes this caller's token. */
    public static List<String> keysOf(Caller caller) {
        return List.of(RevocationKeys.token(caller.userId(), caller.tokenId()),
                RevocationKeys.session(caller.userId(), caller.sessionId()));
    }
}
