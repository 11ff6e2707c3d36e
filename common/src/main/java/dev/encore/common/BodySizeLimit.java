package dev.encore.common;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Refuses a request whose declared body (Content-Length) is larger than {@code quarkus.http.limits.max-body-size}
 * with an RFC 9457 413 ({@code application/problem+json}, {@code errors: [{field: "body", ...}]}), unread, like
 * every other 4xx. Quarkus refuses it too, a step later, with an empty 413. A chunked body that grows past the
 * limit is still cut off by Quarkus alone.
 */
@ApplicationScoped
public class BodySizeLimit {

    void register(@Observes Router router,
                  @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize) {
        // ahead of Quarkus' own check (RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT), which answers an empty 413
        maxBodySize.map(MemorySize::asLongValue).ifPresent(limit ->
                router.route().order(RouteConstants.ROUTE_ORDER_HEADERS).handler(routing -> refuseOver(limit, routing)));
    }

    private static void refuseOver(long limit, RoutingContext routing) {
        if (declaredLength(routing) <= limit) {
            routing.next();
            return;
        }
        // bytes, not a MemorySize's text: the number a client can compare its Content-Length with
        String message = "must not exceed " + limit + " bytes";
        Problem problem = new Problem(Problem.TYPE_PREFIX + "body-too-large", "Request body too large", 413,
                "body " + message, List.of(new Problem.FieldError("body", message)), Map.of());
        routing.response().setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(Json.encode(problem));
    }

    private static long declaredLength(RoutingContext routing) {
        String length = routing.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return length == null ? 0 : Long.parseLong(length);
        } catch (NumberFormatException e) {
            return 0; // the HTTP codec refuses a malformed Content-Length before any route runs
        }
    }
}
