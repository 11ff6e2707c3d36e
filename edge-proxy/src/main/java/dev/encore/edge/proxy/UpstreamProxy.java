package dev.encore.edge.proxy;

import dev.encore.edge.config.EdgeConfig;
import dev.encore.edge.rest.EdgeFailures;
import dev.encore.edge.service.EdgeUnavailableException;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.stork.Stork;
import io.smallrye.stork.api.Service;
import io.smallrye.stork.api.ServiceInstance;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.StreamResetException;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;
import jakarta.inject.Singleton;
import jakarta.enterprise.util.TypeLiteral;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Forwards a request to one instance of an upstream service, chosen by its Stork load balancer, over pooled
 * keep-alive connections. Vert.x HTTP Proxy streams both bodies and drops hop-by-hop headers. Each upstream has its
 * own timeouts and circuit breaker: a dead or hung service costs the caller a fast 503, never a hung connection,
 * while the 5xx answers of a live service are passed through unchanged.
 */
@Singleton
public class UpstreamProxy {

    static final String REQUEST_ID = "X-Request-Id";
    private static final Logger LOG = Logger.getLogger(UpstreamProxy.class);
    // Netty hands an answer's body on in pieces of at most this size, and each piece becomes one write to the
    // caller: at the default 8 KB a full seat map (about 160 KB) took twenty system calls
    private static final int MAX_CHUNK_BYTES = 128 * 1024;
    /** How long a service discovery's list of an upstream's instances is used before Stork is asked again. */
    static final Duration DISCOVERY_REFRESH = Duration.ofSeconds(1);
    private static final TypeLiteral<CompletionStage<ProxyResponse>> RESPONSE_STAGE = new TypeLiteral<>() {
    };

    private final Vertx vertx;
    private final EdgeConfig config;
    private final Map<Thread, HttpClient> clientsByEventLoop = new ConcurrentHashMap<>();
    private final Map<Thread, HttpClient> streamClientsByEventLoop = new ConcurrentHashMap<>();
    private final Map<String, TypedGuard<CompletionStage<ProxyResponse>>> breakers = new ConcurrentHashMap<>();
    private final Map<String, Discovery> discoveries = new ConcurrentHashMap<>();

    UpstreamProxy(Vertx vertx, EdgeConfig config) {
        this.vertx = vertx;
        this.config = config;
    }

    /**
     * Sends {@code request} on to {@code upstream}. {@code inspectedBody} is the body the edge already read, or null
     * when the body is still unread and is streamed; {@code streaming} when the answer is a long-lived stream (its
     * connection comes from a pool of its own).
     */
    public void forward(HttpServerRequest request, String upstream, String requestId, Buffer inspectedBody,
                        boolean streaming) {
        ProxyRequest proxyRequest = ProxyRequest.reverseProxy(request);
        if (inspectedBody != null) {
            proxyRequest.setBody(Body.body(inspectedBody));
        }
        ForwardedHeaders.apply(proxyRequest, request, requestId);
        EdgeConfig.Upstream settings = config.upstreams().get(upstream);
        Context context = Vertx.currentContext();
        // streams have a breaker of their own: a flood of stream openings must never cut the upstream off for requests
        CompletionStage<ProxyResponse> answered = breaker(streaming ? upstream + "-streams" : upstream, settings)
                .get(() -> send(proxyRequest, upstream, settings, context, streaming)
                        .recover(failure -> Future.failedFuture(callerGone(request, failure) ? new CallerGoneException(failure) : failure))
                        .toCompletionStage());
        Future.fromCompletionStage(answered, context).onComplete(result -> {
            if (result.succeeded()) {
                ProxyResponse response = result.result();
                response.headers().set(REQUEST_ID, requestId);
                if (hasNoBody(response.getStatusCode())) {
                    // left to the proxy, a bodiless answer without Content-Length goes out chunked, which
                    // clients that trust the status wait on forever
                    response.setBody(null);
                }
                response.send();
            } else {
                proxyRequest.release();
                if (!(result.cause() instanceof CallerGoneException)) {
                    request.response().putHeader(REQUEST_ID, requestId);
                    EdgeFailures.send(request.response(), new EdgeUnavailableException(upstream + " is unavailable",
                            Math.max(1, settings.breaker().delay().toSeconds()), result.cause()));
                }
            }
        });
    }

    private Future<ProxyResponse> send(ProxyRequest proxyRequest, String upstream, EdgeConfig.Upstream settings,
                                       Context context, boolean streaming) {
        return select(upstream, context)
                .compose(instance -> client(streaming).request(new RequestOptions()
                                .setHost(instance.getHost())
                                .setPort(instance.getPort())
                                .setConnectTimeout(settings.connectTimeout().toMillis())
                                .setIdleTimeout((streaming ? config.streamIdleTimeout() : settings.timeout()).toMillis()))
                        .compose(proxyRequest::send)
                        .andThen(result -> record(instance, result.cause())));
    }

    // the upstream's load balancer picks from what its service discovery listed last (asked again at most every
    // DISCOVERY_REFRESH, in the background); only the very first request of an upstream waits for the list
    private Future<ServiceInstance> select(String upstream, Context context) {
        Service service = Stork.getInstance().getService(upstream);
        Discovery discovery = discoveries.computeIfAbsent(upstream, name -> new Discovery(service));
        List<ServiceInstance> known = discovery.known(context);
        if (known == null) {
            return discovery.list(context).map(listed -> service.selectInstanceAndRecordStart(listed, true));
        }
        try {
            return Future.succeededFuture(service.selectInstanceAndRecordStart(known, true));
        } catch (RuntimeException e) {
            // no instance listed: the breaker counts it like an upstream that does not answer
            return Future.failedFuture(e);
        }
    }

    /**
     * What an upstream's Stork service discovery listed last. Stork answers a list with a {@code Uni} (a subscription,
     * a context-propagation capture and, for a static list, every address parsed again): a cost per request that the
     * list, which changes when replicas come and go, does not need. Stork's own discovery caches (a Kubernetes one
     * refreshes every {@code refresh-period}); this adds at most {@link #DISCOVERY_REFRESH} to how late a change is
     * seen. A failed listing keeps the last list.
     */
    private static final class Discovery {

        private static final long REFRESH_NANOS = DISCOVERY_REFRESH.toNanos();

        private final Service service;
        private final AtomicBoolean listing = new AtomicBoolean();
        private volatile List<ServiceInstance> instances;
        private volatile long listedAt;

        Discovery(Service service) {
            this.service = service;
        }

        // the last list, starting a new listing when it is older than DISCOVERY_REFRESH; null before the first
        List<ServiceInstance> known(Context context) {
            List<ServiceInstance> last = instances;
            if (last != null && System.nanoTime() - listedAt > REFRESH_NANOS && listing.compareAndSet(false, true)) {
                list(context).onComplete(ignored -> listing.set(false));
            }
            return last;
        }

        Future<List<ServiceInstance>> list(Context context) {
            return Future.fromCompletionStage(service.getInstances().subscribeAsCompletionStage(), context)
                    .onSuccess(listed -> {
                        listedAt = System.nanoTime();
                        instances = List.copyOf(listed);
                    });
        }
    }

    /**
     * The calling event loop's own client. A client shared by all event loops may hand a request a pooled
     * connection that lives on another loop, and then every piece of the answer crosses threads, each crossing a
     * task and a selector wake-up. A client per loop opens its connections on that loop, so a request and its
     * upstream exchange stay on one thread.
     */
    private HttpClient client(boolean streaming) {
        return (streaming ? streamClientsByEventLoop : clientsByEventLoop).computeIfAbsent(Thread.currentThread(),
                loop -> vertx.createHttpClient(
                        new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true).setMaxChunkSize(MAX_CHUNK_BYTES),
                        new PoolOptions().setHttp1MaxSize(streaming ? config.streamConnectionsPerUpstream()
                                : config.connectionsPerUpstream())));
    }

    /**
     * Whether the exchange failed because the caller left. The proxy resets the upstream request when the caller's
     * connection closes, and over HTTP/1.1 (what the edge speaks upstream) nothing but a local reset fails a request
     * with a stream reset; the closed connection alone can still look open when the reset arrives.
     */
    private static boolean callerGone(HttpServerRequest request, Throwable failure) {
        return failure instanceof StreamResetException || request.response().closed();
    }

    private static boolean hasNoBody(int status) {
        return status == 204 || status == 304 || (status >= 100 && status < 200);
    }

    // least-response-time learns from every answer, and from every failure
    private static void record(ServiceInstance instance, Throwable failure) {
        if (failure == null) {
            instance.recordReply();
        }
        instance.recordEnd(failure);
    }

    private TypedGuard<CompletionStage<ProxyResponse>> breaker(String upstream, EdgeConfig.Upstream settings) {
        return breakers.computeIfAbsent(upstream, name -> TypedGuard.create(RESPONSE_STAGE)
                .withDescription("upstream " + name)
                .withCircuitBreaker()
                .name("edge-" + name)
                .requestVolumeThreshold(settings.breaker().requestVolume())
                .failureRatio(settings.breaker().failureRatio())
                .delay(settings.breaker().delay().toMillis(), ChronoUnit.MILLIS)
                .skipOn(CallerGoneException.class)
                // one line when an upstream is given up on and when it is back, not one per refused request
                .onStateChange(state -> LOG.warnf("upstream %s: circuit breaker %s", name, state))
                .done()
                .withThreadOffload(false)
                .build());
    }
}
