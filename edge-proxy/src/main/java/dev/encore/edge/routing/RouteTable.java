package dev.encore.edge.routing;

import io.vertx.core.http.HttpMethod;
import jakarta.inject.Singleton;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The public API's paths, each mapped to the service that owns it (docs: the public API). Paths reach this table only
 * once {@link CanonicalPath} accepted them, so each is matched exactly as its upstream will route it.
 */
@Singleton
public class RouteTable {

    public static final String USERS = "user-service";
    public static final String CATALOG = "catalog-service";
    public static final String BOOKING = "booking-service";
    public static final String CLOSING = "closing-job";

    private static final Pattern SEAT_MAP = Pattern.compile("/api/performances/[^/]+/seats");
    private static final Pattern SEAT_EVENTS = Pattern.compile("/api/performances/[^/]+/seats/events");
    // a performance's waiting list lives with its seats, in booking-service
    private static final Pattern WAITLIST = Pattern.compile("/api/performances/[^/]+/waitlist");
    // ending a performance's sales belongs to booking-service, which stops them where holds and confirms check
    private static final Pattern SALES_STOP = Pattern.compile("/api/performances/[^/]+/(close|cancel)");

    private static final Pattern API_WORD_OR_ID = Pattern.compile("/(?:([.a-z][.a-z-]*)|[^/]+)(?=/|$)");

    /** The uri tag of a request that is not one of the public API's routes (refused, unknown). */
    public static final String UNMATCHED = "/{unmatched}";

    // the routes of docs/api.md that the edge forwards or answers, parameters as {id}
    static final Set<String> METRIC_TEMPLATES = Set.of("/.well-known/jwks.json",
            "/api/users", "/api/users/me", "/api/users/{id}", "/api/users/{id}/roles/{id}", "/api/auth/login", "/api/auth/refresh", "/api/auth/logout",
            "/api/venues", "/api/venues/{id}", "/api/performances", "/api/performances/{id}",
            "/api/performances/{id}/seats", "/api/performances/{id}/seats/events", "/api/performances/{id}/close", "/api/performances/{id}/cancel",
            "/api/performances/{id}/waitlist",
            "/api/holds", "/api/holds/best", "/api/holds/{id}", "/api/bookings", "/api/bookings/{id}", "/api/bookings/{id}/cancel",
            "/api/bookings/{id}/tickets", "/api/check-ins", "/api/tickets/jwks.json",
            "/api/admin/jobs/closing", "/api/admin/jobs/closing/runs", "/api/queue/{id}");

    public Optional<Route> match(HttpMethod method, String path) {
        boolean post = method == HttpMethod.POST;
        if (path.equals("/.well-known/jwks.json")) {
            return upstream(USERS, Access.PUBLIC, null);
        }
        if (under(path, "/api/users")) {
            return path.equals("/api/users") && post
                    ? upstream(USERS, Access.PUBLIC, "sign-up")
                    : upstream(USERS, Access.TOKEN, null);
        }
        if (under(path, "/api/auth")) {
            return switch (path) {
                case "/api/auth/login" -> upstream(USERS, Access.PUBLIC, "login");
                case "/api/auth/refresh" -> upstream(USERS, Access.PUBLIC, "refresh");
                case "/api/auth/logout" -> Optional.of(new Route(Optional.of(USERS), Access.TOKEN, Optional.empty(), false,
                        false, true));
                default -> upstream(USERS, Access.TOKEN, null);
            };
        }
        if (SEAT_EVENTS.matcher(path).matches()) {
            // a stream costs every replica a poll of the performance 4 times a second: opening them is rate-limited
            return Optional.of(new Route(Optional.of(BOOKING), Access.PUBLIC, Optional.of("seat-events"), false, true, false));
        }
        if (SEAT_MAP.matcher(path).matches()) {
            return upstream(BOOKING, Access.PUBLIC, null);
        }
        if (WAITLIST.matcher(path).matches()) {
            // joining and leaving write: they count with bookings
            return upstream(BOOKING, Access.TOKEN, post || method == HttpMethod.DELETE ? "bookings" : null);
        }
        if (SALES_STOP.matcher(path).matches()) {
            return upstream(BOOKING, Access.TOKEN, null);
        }
        if (under(path, "/api/venues") || under(path, "/api/performances")) {
            return upstream(CATALOG, Access.TOKEN_FOR_WRITES, null);
        }
        if (under(path, "/api/admin/jobs")) {
            return upstream(CLOSING, Access.TOKEN, null);
        }
        if (under(path, "/api/holds")) {
            // every POST under /api/holds places a hold (/api/holds, /api/holds/best; any later way is covered too)
            boolean placing = post;
            return Optional.of(new Route(Optional.of(BOOKING), Access.TOKEN, Optional.ofNullable(post ? "holds" : null), placing,
                    false, false));
        }
        if (under(path, "/api/bookings")) {
            return upstream(BOOKING, Access.TOKEN, post ? "bookings" : null);
        }
        if (path.equals("/api/tickets/jwks.json")) {
            return upstream(BOOKING, Access.PUBLIC, null);
        }
        if (under(path, "/api/check-ins")) {
            return upstream(BOOKING, Access.TOKEN, null);
        }
        if (under(path, "/api/queue")) {
            return Optional.of(new Route(Optional.empty(), Access.TOKEN, Optional.empty(), false, false, false));
        }
        return Optional.empty();
    }

    /**
     * The route template the HTTP metrics' {@code uri} tag carries for a path: the public API's route with every
     * segment that is not one of its words (an id, a UUID) as {@code {id}}, so that {@code /api/bookings/3f2c…}
     * counts as {@code /api/bookings/{id}}; {@link #UNMATCHED} for anything that is not a documented route. The
     * set of values is closed, so no request can make the edge's series grow (Quarkus drops every uri tag past
     * its 100th, which would blind the dashboards to the routes that come later).
     */
    public static String metricTemplate(String path) {
        if (METRIC_TEMPLATES.contains(path)) {
            // a route without ids (a hold, a login) is its own template: every template maps to itself below
            return path;
        }
        String template = API_WORD_OR_ID.matcher(path).replaceAll(match -> match.group(1) != null ? "/" + match.group(1) : "/{id}");
        return METRIC_TEMPLATES.contains(template) ? template : UNMATCHED;
    }

    private static Optional<Route> upstream(String service, Access access, String rateLimit) {
        return Optional.of(new Route(Optional.of(service), access, Optional.ofNullable(rateLimit), false, false, false));
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }
}
