package dev.encore.edge.routing;

import dev.encore.testsupport.ApiDoc;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every path of the public API goes to its owner, with the token and limits its owner expects. */
class RouteTableTest {

    private final RouteTable routes = new RouteTable();

    @Test
    void everyRouteOfDocsApiMdGoesToTheServiceItIsDocumentedUnder() {
        var documented = ApiDoc.routesByService();
        assertEquals(Set.of(RouteTable.USERS, RouteTable.CATALOG, RouteTable.BOOKING, RouteTable.CLOSING, "edge-proxy"),
                documented.keySet());
        documented.forEach((service, served) -> served.forEach(route -> {
            String path = route.path().replaceAll("\\{[^}/]+}", "7");
            Route match = routes.match(HttpMethod.valueOf(route.method()), path)
                    .orElseThrow(() -> new AssertionError(route + " is not routed"));
            assertEquals(service.equals("edge-proxy") ? Optional.empty() : Optional.of(service), match.upstream(),
                    route.toString());
        }));
    }

    @Test
    void eachPathGoesToItsOwner() {
        assertUpstream(POST, "/api/users", RouteTable.USERS);
        assertUpstream(GET, "/api/users/me", RouteTable.USERS);
        assertUpstream(POST, "/api/auth/login", RouteTable.USERS);
        assertUpstream(GET, "/.well-known/jwks.json", RouteTable.USERS);
        assertUpstream(POST, "/api/venues", RouteTable.CATALOG);
        assertUpstream(GET, "/api/performances", RouteTable.CATALOG);
        assertUpstream(GET, "/api/performances/7", RouteTable.CATALOG);
        assertUpstream(POST, "/api/performances/7/close", RouteTable.BOOKING);
        assertUpstream(POST, "/api/performances/7/cancel", RouteTable.BOOKING);
        assertUpstream(GET, "/api/performances/7/seats", RouteTable.BOOKING);
        assertUpstream(POST, "/api/holds", RouteTable.BOOKING);
        assertUpstream(DELETE, "/api/holds/abc", RouteTable.BOOKING);
        assertUpstream(POST, "/api/bookings/abc/cancel", RouteTable.BOOKING);
        assertUpstream(GET, "/api/bookings/abc/tickets", RouteTable.BOOKING);
        assertUpstream(GET, "/api/performances/7/seats/events", RouteTable.BOOKING);
        assertTrue(route(GET, "/api/performances/7/seats/events").streaming());
        assertFalse(route(GET, "/api/performances/7/seats").streaming());
        assertEquals(Optional.of("seat-events"), route(GET, "/api/performances/7/seats/events").rateLimit());
        assertUpstream(POST, "/api/performances/7/waitlist", RouteTable.BOOKING);
        assertUpstream(GET, "/api/performances/7/waitlist", RouteTable.BOOKING);
        assertUpstream(DELETE, "/api/performances/7/waitlist", RouteTable.BOOKING);
        assertEquals(Access.TOKEN, route(GET, "/api/performances/7/waitlist").access());
        assertEquals(Optional.of("bookings"), route(POST, "/api/performances/7/waitlist").rateLimit());
        assertEquals(Optional.of("bookings"), route(DELETE, "/api/performances/7/waitlist").rateLimit());
        assertEquals(Optional.empty(), route(GET, "/api/performances/7/waitlist").rateLimit());
        assertUpstream(POST, "/api/check-ins", RouteTable.BOOKING);
        assertUpstream(GET, "/api/tickets/jwks.json", RouteTable.BOOKING);
        assertUpstream(PUT, "/api/users/abc/roles/SCANNER", RouteTable.USERS);
        assertUpstream(POST, "/api/admin/jobs/closing", RouteTable.CLOSING);
        assertUpstream(GET, "/api/admin/jobs/closing/runs", RouteTable.CLOSING);
        assertTrue(route(POST, "/api/queue/7").isLocal());
    }

    @Test
    void unknownPathsAndLookAlikesHaveNoRoute() {
        assertEquals(Optional.empty(), routes.match(GET, "/api/usersx"));
        assertEquals(Optional.empty(), routes.match(GET, "/q/health"));
        assertEquals(Optional.empty(), routes.match(GET, "/api/internal/performances/1/layout"));
        assertUpstream(GET, "/api/performances/7/seats/extra", RouteTable.CATALOG);
        assertUpstream(GET, "/api/performances/7/seats/events/more", RouteTable.CATALOG);
    }

    @Test
    void tokensAreAskedWhereTheApiAsksForThem() {
        assertFalse(route(POST, "/api/users").needsToken(POST));
        assertFalse(route(POST, "/api/auth/login").needsToken(POST));
        assertFalse(route(POST, "/api/auth/refresh").needsToken(POST));
        assertFalse(route(GET, "/api/performances").needsToken(GET));
        assertFalse(route(GET, "/api/performances/7/seats").needsToken(GET));
        assertTrue(route(POST, "/api/performances").needsToken(POST));
        assertTrue(route(POST, "/api/venues").needsToken(POST));
        assertTrue(route(POST, "/api/auth/logout").needsToken(POST));
        // only a logout makes the edge stop relying on its recent checks of the session's tokens
        assertTrue(route(POST, "/api/auth/logout").endsSession());
        assertFalse(route(POST, "/api/auth/refresh").endsSession());
        assertFalse(route(GET, "/api/users/me").endsSession());
        assertTrue(route(GET, "/api/users/me").needsToken(GET));
        assertTrue(route(GET, "/api/bookings").needsToken(GET));
        assertTrue(route(GET, "/api/admin/jobs/closing/runs").needsToken(GET));
        assertTrue(route(POST, "/api/check-ins").needsToken(POST));
        assertTrue(route(GET, "/api/bookings/abc/tickets").needsToken(GET));
        assertTrue(route(PUT, "/api/users/abc/roles/SCANNER").needsToken(PUT));
        assertFalse(route(GET, "/api/tickets/jwks.json").needsToken(GET));
        assertFalse(route(GET, "/api/performances/7/seats/events").needsToken(GET));
    }

    @Test
    void limitsAndPassesApplyToTheirRoutesOnly() {
        assertEquals(Optional.of("login"), route(POST, "/api/auth/login").rateLimit());
        assertEquals(Optional.of("sign-up"), route(POST, "/api/users").rateLimit());
        assertEquals(Optional.of("holds"), route(POST, "/api/holds").rateLimit());
        assertEquals(Optional.of("bookings"), route(POST, "/api/bookings").rateLimit());
        assertEquals(Optional.empty(), route(GET, "/api/bookings").rateLimit());
        assertTrue(route(POST, "/api/holds").queuePass());
        assertTrue(route(POST, "/api/holds/best").queuePass());
        assertEquals(Optional.of("holds"), route(POST, "/api/holds/best").rateLimit());
        assertFalse(route(DELETE, "/api/holds/abc").queuePass());
    }

    private Route route(HttpMethod method, String path) {
        return routes.match(method, path).orElseThrow(() -> new AssertionError("no route for " + method + " " + path));
    }

    private void assertUpstream(HttpMethod method, String path, String upstream) {
        assertEquals(Optional.of(upstream), route(method, path).upstream(), method + " " + path);
    }

    @Test
    void metricTemplatesAreTheDocumentedRoutesWithIdsAndNothingElse() {
        assertEquals("/api/bookings/{id}", RouteTable.metricTemplate("/api/bookings/3f2c5a1e-8b1d-4c7e-9f00-1a2b3c4d5e6f"));
        assertEquals("/api/bookings/{id}/cancel", RouteTable.metricTemplate("/api/bookings/3f2c5a1e-8b1d-4c7e-9f00-1a2b3c4d5e6f/cancel"));
        assertEquals("/api/bookings/{id}/tickets", RouteTable.metricTemplate("/api/bookings/3f2c5a1e-8b1d-4c7e-9f00-1a2b3c4d5e6f/tickets"));
        assertEquals("/api/users/{id}/roles/{id}", RouteTable.metricTemplate("/api/users/3f2c5a1e-8b1d-4c7e-9f00-1a2b3c4d5e6f/roles/SCANNER"));
        assertEquals("/api/tickets/jwks.json", RouteTable.metricTemplate("/api/tickets/jwks.json"));
        assertEquals("/api/performances/{id}/seats", RouteTable.metricTemplate("/api/performances/42/seats"));
        assertEquals("/api/holds", RouteTable.metricTemplate("/api/holds"));
        assertEquals("/api/holds/best", RouteTable.metricTemplate("/api/holds/best"));
        assertEquals("/api/users/me", RouteTable.metricTemplate("/api/users/me"));
        assertEquals("/.well-known/jwks.json", RouteTable.metricTemplate("/.well-known/jwks.json"));
        assertEquals("/api/queue/{id}", RouteTable.metricTemplate("/api/queue/9007199254740993"));
        // words that are no route, ids where none belongs, refused spellings: one value, whatever the request
        for (String path : List.of("/api/venues/alpha", "/api/bookings/alpha/alpha", "/a//b1", "/api/venues/7/layouts/12",
                "/api/holds/1/2/3/4/5/6", "/api/../q/metrics", "/api/users/me/me")) {
            assertEquals(RouteTable.UNMATCHED, RouteTable.metricTemplate(path), path);
        }
    }

    @Test
    void everyDocumentedRouteTheEdgeServesHasItsMetricTemplate() {
        Set<String> documented = new TreeSet<>();
        ApiDoc.routesByService().values().forEach(routes -> routes.forEach(route ->
                documented.add(route.path().replaceAll("\\{[^}]+}", "{id}"))));
        assertEquals(documented, new TreeSet<>(RouteTable.METRIC_TEMPLATES));
    }
}
