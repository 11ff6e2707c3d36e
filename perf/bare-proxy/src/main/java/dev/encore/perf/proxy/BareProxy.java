package dev.encore.perf.proxy;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.ProxyRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Forwards every /api request to booking-service the way edge-proxy's UpstreamProxy does (Vert.x HTTP Proxy, one
 * keep-alive client per event loop, 128 KB pieces) and does nothing else: no token, revocation, rate limit, waiting
 * room, Stork, circuit breaker or forwarding headers. perf/run measures it beside the edge and nginx, so that the
 * summary shows what the edge's checks cost above the floor of a proxy hop on its own stack.
 */
@ApplicationScoped
public class BareProxy {

    private final Vertx vertx;
    private final int upstreamPort;
    private final int connections;
    private final Map<Thread, HttpClient> clientsByEventLoop = new ConcurrentHashMap<>();

    BareProxy(Vertx vertx, @ConfigProperty(name = "perf.bare-proxy.upstream-port") int upstreamPort,
              @ConfigProperty(name = "perf.bare-proxy.connections") int connections) {
        this.vertx = vertx;
        this.upstreamPort = upstreamPort;
        this.connections = connections;
    }

    void register(@Observes Router router) {
        router.route("/api/*").order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::forward);
    }

    private void forward(RoutingContext routing) {
        ProxyRequest request = ProxyRequest.reverseProxy(routing.request());
        client().request(new RequestOptions().setHost("127.0.0.1").setPort(upstreamPort))
                .compose(request::send)
                .onComplete(answer -> {
                    if (answer.succeeded()) {
                        answer.result().send();
                    } else {
                        request.release();
                        request.response().setStatusCode(502).send();
                    }
                });
    }

    private HttpClient client() {
        return clientsByEventLoop.computeIfAbsent(Thread.currentThread(), loop -> vertx.createHttpClient(
                new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true).setMaxChunkSize(128 * 1024),
                new PoolOptions().setHttp1MaxSize(connections)));
    }
}
