package dev.encore.booking.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.encore.booking.domain.DependencyUnavailableException;
import dev.encore.booking.domain.PerformanceNotFoundException;
import dev.encore.booking.service.SeatEventFeed;
import dev.encore.common.ForbiddenParameterCheck;
import dev.encore.common.InvalidParameterException;
import dev.encore.common.Problem;
import dev.encore.common.ProblemResponses;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.Response;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * {@code GET /api/performances/{id}/seats/events}: the live seat map as Server-Sent Events (WHATWG HTML,
 * "Server-sent events"), fed by {@link SeatEventFeed}. A Vert.x route rather than a JAX-RS method: the feed writes
 * each event, framed once, to every stream of an event loop in one task, where a JAX-RS stream costs a Mutiny pipeline,
 * a timer and an event serialisation per watcher, and a task per watcher and event.
 * <p>
 * Answers 200 {@code text/event-stream} (the first event a snapshot, or the changes since a {@code Last-Event-ID}
 * this replica can replay), 404 {@code performance-not-found} (also for an id that is not a number), 503
 * {@code dependency-unavailable} with {@code Retry-After} when the layout cannot be read, all before any event. A
 * watcher with more than {@value #MAX_UNSENT_BYTES} bytes not yet taken by its connection is closed; it reconnects
 * with its {@code Last-Event-ID} and gets what it missed merged into one event. Documented in the OpenAPI by
 * {@code META-INF/openapi.yaml}.
 */
@Singleton
public class SeatEventsRoute {

    /** What a watcher may leave unread before it is dropped: a few full snapshots of a large hall. */
    static final int MAX_UNSENT_BYTES = 1024 * 1024;
    private static final Logger LOG = Logger.getLogger(SeatEventsRoute.class);
    private static final Pattern EVENT_ID = Pattern.compile("[0-9]{1,18}");

    private final SeatEventFeed feed;
    private final ObjectMapper json;
    private final ProblemMapper problems = new ProblemMapper();

    SeatEventsRoute(SeatEventFeed feed, ObjectMapper json) {
        this.feed = feed;
        this.json = json;
    }

    void register(@Observes Router router) {
        router.get("/api/performances/:id/seats/events").order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::open);
    }

    void open(RoutingContext routing) {
        try {
            // what encore-common's request filter checks on the JAX-RS routes
            ForbiddenParameterCheck.check(routing.request());
        } catch (InvalidParameterException e) {
            send(routing.response(), ProblemResponses.respond(Problem.invalid(e.field(), e.getMessage())));
            return;
        }
        String id = routing.pathParam("id");
        if (!EVENT_ID.matcher(id).matches()) {
            send(routing.response(), ProblemResponses.respond(
                    Problem.of("performance-not-found", "Performance not found", 404, "No such performance")));
            return;
        }
        long performanceId = Long.parseLong(id);
        String lastEventId = routing.request().getHeader("Last-Event-ID");
        // an id this service did not send (or none) is answered with a snapshot, as the SSE model expects of a server
        Long resumeFrom = lastEventId != null && EVENT_ID.matcher(lastEventId).matches() ? Long.parseLong(lastEventId) : null;
        // the event loop's own context, not the request's duplicate of it: the feed writes all of a loop's streams in
        // one task per context
        Stream stream = new Stream(routing.response(), VertxContext.getRootContext(routing.vertx().getOrCreateContext()));
        routing.response().closeHandler(closed -> feed.leave(performanceId, stream));
        routing.vertx().executeBlocking(() -> {
            feed.join(performanceId, resumeFrom, stream);
            return null;
        }, false).onFailure(failure -> refuse(routing.response(), failure));
    }

    // the answers ProblemMapper gives on the JAX-RS routes
    private void refuse(HttpServerResponse response, Throwable failure) {
        if (failure instanceof PerformanceNotFoundException notFound) {
            send(response, problems.performanceNotFound(notFound));
            return;
        }
        if (!(failure instanceof DependencyUnavailableException)) {
            LOG.warnf("Seat events could not start: %s", failure.toString());
        }
        send(response, problems.unavailable(failure instanceof DependencyUnavailableException unavailable ? unavailable
                : new DependencyUnavailableException("the seat states", Duration.ofSeconds(1), failure)));
    }

    private void send(HttpServerResponse response, Response answer) {
        if (response.headWritten() || response.closed()) {
            return;
        }
        answer.getStringHeaders().forEach(response::putHeader);
        try {
            response.setStatusCode(answer.getStatus()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .end(json.writeValueAsString(answer.getEntity()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One open stream: its head goes out with its first event. */
    private record Stream(HttpServerResponse response, Context context) implements SeatEventFeed.Watcher {

        @Override
        public boolean send(Buffer framed) {
            if (response.closed()) {
                return false;
            }
            if (!response.headWritten()) {
                response.setChunked(true).setWriteQueueMaxSize(MAX_UNSENT_BYTES)
                        .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream")
                        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
            } else if (response.writeQueueFull()) {
                // too far behind: it reconnects with its Last-Event-ID
                response.close();
                return false;
            }
            response.write(framed);
            return true;
        }
    }
}
