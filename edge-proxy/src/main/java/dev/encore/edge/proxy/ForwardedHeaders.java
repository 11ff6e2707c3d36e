package dev.encore.edge.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.httpproxy.ProxyRequest;

/**
 * What an upstream needs to know about the original request, which the proxy hop would otherwise hide: the client's
 * address ({@code X-Forwarded-For}, this hop appended), the scheme and the host it called ({@code X-Forwarded-Proto},
 * {@code X-Forwarded-Host}: kept when a trusted proxy in front set them), the request id, and the bearer token in
 * one spelling.
 */
final class ForwardedHeaders {

    private static final String FORWARDED_FOR = "X-Forwarded-For";
    private static final String FORWARDED_PROTO = "X-Forwarded-Proto";
    private static final String FORWARDED_HOST = "X-Forwarded-Host";
    private static final String BEARER = "Bearer ";

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
        // RFC 6750 section 2.1 allows more than one space after "Bearer", which the services' token reader does not:
        // a token the edge accepted reaches them in the one spelling they read
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            headers.set("Authorization", BEARER + authorization.substring(BEARER.length()).trim());
        }
        // the TCP peer, not the address Quarkus derived from trusted forwarding headers: each hop appends itself
        String peer = request.connection().remoteAddress().hostAddress();
        String chain = headers.get(FORWARDED_FOR);
        headers.set(FORWARDED_FOR, chain == null ? peer : chain + ", " + peer);
        if (!headers.contains(FORWARDED_PROTO)) {
            headers.set(FORWARDED_PROTO, request.scheme());
        }
        // the host and port the client called (Envoy keeps them in Host), for the Location of a 201: the upstream
        // sees only its own address
        String host = request.getHeader("Host");
        if (!headers.contains(FORWARDED_HOST) && host != null) {
            headers.set(FORWARDED_HOST, host);
        }
    }
}
