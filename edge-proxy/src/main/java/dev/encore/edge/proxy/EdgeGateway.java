package dev.encore.edge.proxy;

import dev.encore.common.ForbiddenCharacters;
import dev.encore.common.ForbiddenParameterCheck;
import dev.encore.common.InvalidParameterException;
import dev.encore.common.Problem;
import dev.encore.common.RefusedRequestUriTag;
import dev.encore.edge.config.EdgeConfig;
import dev.encore.edge.rest.EdgeFailures;
import dev.encore.edge.rest.RequestBodyTooLargeException;
import dev.encore.edge.routing.CanonicalPath;
import dev.encore.edge.routing.Route;
import dev.encore.edge.routing.RouteTable;
import dev.encore.edge.security.Caller;
import dev.encore.edge.service.Admission;
import dev.encore.edge.service.WaitingRoom;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.smallrye.common.vertx.ContextLocals;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Every public call passes here first: it gets a request id, is matched to its route, shows its token where the
 * route needs one (verified, not revoked, within its rate limit), shows a waiting-room pass when it places a hold
 * on a queued performance, and is then forwarded to its upstream or, for the waiting room, answered here.
 */
@Singleton
public class EdgeGateway {

    public static final String CALLER = Caller.class.getName();
    private static final String QUEUE_PASS = "X-Queue-Pass";

    private final RouteTable routes;
    private final Admission admission;
    private final WaitingRoom waitingRoom;
    private final UpstreamProxy upstreams;
    private final int maxInspectedBodyBytes;

    EdgeGateway(RouteTable routes, Admission admission, WaitingRoom waitingRoom, UpstreamProxy upstreams,
                EdgeConfig config) {
        this.routes = routes;
        this.admission = admission;
        this.waitingRoom = waitingRoom;
        this.upstreams = upstreams;
        this.maxInspectedBodyBytes = config.maxInspectedBodyBytes();
    }

    void register(@Observes Router router) {
        // first of all, for every path: the router matches on a normalised path, so "/api%2Fholds" or "/x/../api"
        // would otherwise reach a handler other than the gateway's
        router.route().order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT - 1).handler(this::refuseNonCanonical);
        router.route("/api/*").order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::handle);
        router.route("/.well-known/jwks.json").order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::handle);
    }

    void refuseNonCanonical(RoutingContext routing) {
        if (CanonicalPath.isCanonical(routing.request().path())) {
            routing.next();
            return;
        }
        routing.request().pause();
        ContextLocals.put(RefusedRequestUriTag.URL_PATH_TEMPLATE, RouteTable.UNMATCHED);
        refuse(routing, requestId(routing.request()), new InvalidParameterException("path",
                "must be canonical: no empty, '.' or '..' segments, no trailing slash, no percent-encoding"));
    }

    void handle(RoutingContext routing) {
        HttpServerRequest request = routing.request();
        String requestId = requestId(request);
        // Quarkus Micrometer tags the request's metrics with this template rather than the raw path
        ContextLocals.put(RefusedRequestUriTag.URL_PATH_TEMPLATE, RouteTable.metricTemplate(request.path()));
        try {
            // the check every service makes (encore-common), made here too: proxied routes never reach a JAX-RS filter
            ForbiddenParameterCheck.check(request);
        } catch (InvalidParameterException e) {
            request.pause();
            refuse(routing, requestId, e);
            return;
        }
        Optional<Route> match = routes.match(request.method(), request.path());
        if (match.isEmpty()) {
            routing.response().putHeader(UpstreamProxy.REQUEST_ID, requestId);
            EdgeFailures.send(routing.response(),
                    Problem.of("not-found", "Not found", 404, "No public API at " + request.path()), 0);
            return;
        }
        Route route = match.get();
        Context context = routing.vertx().getOrCreateContext();
        Thread loop = Thread.currentThread();
        Future<Hold> hold;
        if (route.queuePass()) {
            try {
                HoldBodies.requireJson(request.getHeader(HttpHeaders.CONTENT_TYPE));
            } catch (UnsupportedMediaTypeException e) {
                request.pause();
                refuse(routing, requestId, e);
                return;
            }
            // a hold whose performance the edge cannot read is refused before any Redis call, never let through
            hold = inspectedBody(request).map(body -> new Hold(body, HoldBodies.performanceId(body)));
        } else {
            // nothing of the body is read until the upstream is chosen; then it is streamed
            request.pause();
            hold = Future.succeededFuture(Hold.NONE);
        }
        // Vert.x futures, not Mutiny: every Mutiny operator would capture and restore the context-propagation state
        // (about a tenth of the edge's samples under a hold storm), which nothing on this path needs
        hold.compose(inspected -> admission
                        .admit(route, request.method(), request.getHeader(HttpHeaders.AUTHORIZATION),
                                request.remoteAddress().hostAddress())
                        .compose(caller -> route.queuePass()
                                ? waitingRoom.checkPass(inspected.performanceId(), caller.orElseThrow().userId(),
                                        request.getHeader(QUEUE_PASS)).map(caller)
                                : Future.succeededFuture(caller))
                        .map(caller -> new Admitted(caller, inspected.body())))
                .onComplete(result -> onLoop(loop, context, result.succeeded()
                        ? () -> pass(routing, route, requestId, result.result())
                        : () -> refuse(routing, requestId, result.cause())));
    }

    private void pass(RoutingContext routing, Route route, String requestId, Admitted admitted) {
        if (route.isLocal()) {
            routing.put(CALLER, admitted.caller().orElseThrow());
            routing.response().putHeader(UpstreamProxy.REQUEST_ID, requestId);
            routing.request().resume();
            routing.next();
        } else {
            try {
                upstreams.forward(routing.request(), route.upstream().orElseThrow(), requestId, admitted.body(),
                        route.streaming());
            } catch (RuntimeException e) {
                // a request the proxy cannot take on is answered, never left hanging
                refuse(routing, requestId, e);
            }
        }
    }

    private static void refuse(RoutingContext routing, String requestId, Throwable failure) {
        routing.request().resume();
        routing.response().putHeader(UpstreamProxy.REQUEST_ID, requestId);
        EdgeFailures.send(routing.response(), failure);
    }

    private Future<Buffer> inspectedBody(HttpServerRequest request) {
        if (declaredLength(request) > maxInspectedBodyBytes) {
            request.pause();
            return Future.failedFuture(new RequestBodyTooLargeException(maxInspectedBodyBytes));
        }
        Future<Buffer> body = request.body();
        // Quarkus hands requests over paused until someone wants their body
        request.resume();
        return body;
    }

    private static long declaredLength(HttpServerRequest request) {
        try {
            return Long.parseLong(request.getHeader(HttpHeaders.CONTENT_LENGTH));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static String requestId(HttpServerRequest request) {
        String given = request.getHeader(UpstreamProxy.REQUEST_ID);
        // echoed in the answer's headers and passed upstream: only a clean one
        if (given != null && !given.isBlank() && given.length() <= 128 && !ForbiddenCharacters.in(given)) {
            return given;
        }
        return randomUuid().toString();
    }

    // a version 4 UUID (RFC 9562 section 5.4) from a thread's own generator: a request id correlates log lines and
    // is no secret, so it need not cost a SecureRandom draw (UUID.randomUUID) on every request
    private static UUID randomUuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }

    // the request is served from its own event loop: on any other thread (a worker, another loop) the action is
    // handed back to it rather than touching the connection from there
    private static void onLoop(Thread loop, Context context, Runnable action) {
        if (Thread.currentThread() == loop) {
            action.run();
        } else {
            context.runOnContext(ignored -> action.run());
        }
    }

    private record Admitted(Optional<Caller> caller, Buffer body) {
    }

    // a hold's body as the edge read it (null when the route's body is streamed), and the performance it names
    private record Hold(Buffer body, long performanceId) {
        static final Hold NONE = new Hold(null, 0);
    }
}
