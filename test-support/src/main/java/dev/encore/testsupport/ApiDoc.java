package dev.encore.testsupport;

import io.restassured.RestAssured;
import org.junit.jupiter.api.Assertions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The public routes {@code docs/api.md} lists, by the service that serves them, so that a test can hold each
 * service's OpenAPI (and the edge's routing) to the document. The document's format: one {@code ##} section per
 * service whose heading ends with the module in parentheses, e.g. {@code ## Booking (booking-service)}; in it, table
 * rows whose first cell starts with {@code `METHOD /path`}, path parameters in braces as in the JAX-RS {@code @Path}.
 */
public final class ApiDoc {

    private static final Pattern SECTION = Pattern.compile("^## .*\\(([a-z-]+)\\)\\s*$");
    private static final Pattern ROUTE = Pattern.compile("^\\|\\s*`(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (/[^`\\s]*)`");

    /** One documented route. */
    public record Route(String method, String path) {

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static final Set<String> HTTP_METHODS = Set.of("get", "post", "put", "patch", "delete", "head", "options");

    private ApiDoc() {
    }

    /** docs/api.md of this repository, found from the module directory the tests run in. */
    public static Path file() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("docs/api.md");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("docs/api.md not found above " + Path.of("").toAbsolutePath());
    }

    /** Every documented route, by serving module, in the document's order. */
    public static Map<String, Set<Route>> routesByService() {
        Map<String, Set<Route>> routes = new LinkedHashMap<>();
        String service = null;
        List<String> lines;
        try {
            lines = Files.readAllLines(file());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String line : lines) {
            Matcher section = SECTION.matcher(line);
            if (section.matches()) {
                service = section.group(1);
                continue;
            }
            if (line.startsWith("## ")) {
                service = null;
            }
            Matcher route = ROUTE.matcher(line);
            if (service != null && route.find()) {
                if (!routes.computeIfAbsent(service, s -> new LinkedHashSet<>()).add(new Route(route.group(1), route.group(2)))) {
                    throw new IllegalStateException("docs/api.md lists " + route.group(1) + " " + route.group(2) + " twice");
                }
            }
        }
        return routes;
    }

    /**
     * The public routes the service under test publishes in its OpenAPI document ({@code /q/openapi}, through
     * RestAssured's base URI and port), leaving out {@code /q/*} and the cluster-internal {@code /internal/*}.
     */
    public static Set<Route> servedRoutes() {
        Map<String, Map<String, Object>> paths = RestAssured.given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().jsonPath().getMap("paths");
        Set<Route> served = new TreeSet<>(Comparator.comparing(Route::toString));
        paths.forEach((path, operations) -> {
            if (!path.startsWith("/q/") && !path.startsWith("/internal/")) {
                operations.keySet().stream().filter(HTTP_METHODS::contains)
                        .forEach(method -> served.add(new Route(method.toUpperCase(Locale.ROOT), path)));
            }
        });
        return served;
    }

    /** Fails unless the service under test's OpenAPI lists exactly the routes docs/api.md gives {@code service}. */
    public static void assertOpenApiMatches(String service) {
        Set<Route> documented = new TreeSet<>(Comparator.comparing(Route::toString));
        documented.addAll(routesOf(service));
        Assertions.assertEquals(documented, servedRoutes(), "docs/api.md, section (" + service + "), against /q/openapi");
    }

    /** The routes documented for {@code service} (a module name); empty when it has none. */
    public static Set<Route> routesOf(String service) {
        return routesByService().getOrDefault(service, Set.of());
    }
}
