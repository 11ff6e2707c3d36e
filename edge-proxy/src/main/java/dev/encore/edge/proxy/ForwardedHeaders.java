package dev.encore.edge.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.httpproxy.ProxyRequest;

/** What an upstream needs to know about the original request, which the proxy hop would otherwise hide. */
final class ForwardedHeaders {

    private static final String FORWARDED_FOR = "X-Forwarded-For";
    private static final String FORWARDED_PROTO = "X-Forwarded-Proto";

    private ForwardedHeaders() {
    }

    static void apply(ProxyRequest proxyRequest, HttpServerRequest request, String requestId) {
        MultiMap headers = proxyRequest.headers();
        // the proxy drops the standard hop-by-hop headers; those a client names in Connection are hop-by-hop too
        String connection = request.getHeader("Connection");
        if (connection != null) {
            for (String name : connection.split(",")) {
                headers.remove(name.trim());
            }
        }
        headers.set(UpstreamProxy.REQUEST_ID, requestId);
        // the TCP peer, not the address Quarkus derived from trusted forwarding headers: each hop appends itself
        String peer = request.connection().remoteAddress().hostAddress();
        String chain = headers.get(FORWARDED_FOR);
        headers.set(FORWARDED_FOR, chain == null ? peer : chain + ", " + peer);
        if (!headers.contains(FORWARDED_PROTO)) {
            headers.set(FORWARDED_PROTO, request.scheme());
        }
    }
}
