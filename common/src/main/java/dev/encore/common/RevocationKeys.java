package dev.encore.common;

/**
 * The Redis keys of the revocation list, owned by user-service (which writes them at logout and on refresh-token
 * reuse) and read by edge-proxy on every authenticated request: {@code auth:revoked:{<user>}:jti:<jti>} revokes one
 * access token, {@code auth:revoked:{<user>}:sid:<sid>} every access token of one session. The user id is the
 * keys' hash tag, so that the edge can read both in one script call with that user's rate-limit bucket, which Redis
 * Cluster allows only for keys in one slot (Redis Cluster specification, "Hash tags").
 */
public final class RevocationKeys {

    private RevocationKeys() {
    }

    /** The key whose existence revokes the access token {@code jti} of {@code userId}. */
    public static String token(Object userId, String jti) {
        return "auth:revoked:{" + userId + "}:jti:" + jti;
    }

    /** The key whose existence revokes every access token of session {@code sessionId} of {@code userId}. */
    public static String session(Object userId, Object sessionId) {
        return "auth:revoked:{" + userId + "}:sid:" + sessionId;
    }
}
