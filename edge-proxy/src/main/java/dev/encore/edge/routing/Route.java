package dev.encore.edge.routing;

import io.vertx.core.http.HttpMethod;

import java.util.Optional;

/**
 * Where a request goes and what it must show first.
 *
 * @param upstream  the Stork service name, empty for what the edge answers itself (the waiting room)
 * @param access    the token the caller must present
 * @param rateLimit the rate limit it counts against, keyed by caller (token routes) or by client address
 * @param queuePass whether a waiting-room pass is checked (holds)
 * @param streaming whether the answer is a long-lived stream (Server-Sent Events), proxied over connections of its
 *                  own so that streams never wait for, or hold, the pooled connections requests use
 * @param endsSession whether it revokes the caller's session (logout): the edge then stops relying on its recent
 *                  checks of that session's tokens
 */
public record Route(Optional<String> upstream, Access access, Optional<String> rateLimit, boolean queuePass,
                    boolean streaming, boolean endsSession) {

    public boolean needsToken(HttpMethod method) {
        return access == Access.TOKEN
                || (access == Access.TOKEN_FOR_WRITES && method != HttpMethod.GET && method != HttpMethod.HEAD);
    }

    public boolean isLocal() {
        return upstream.isEmpty();
    }
}
