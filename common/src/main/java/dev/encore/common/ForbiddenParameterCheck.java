package dev.encore.common;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Refuses, before routing, a request whose query parameter values or header values (decoded) carry a
 * {@link ForbiddenCharacters forbidden character}, or whose query string does not decode: it throws
 * {@link InvalidParameterException} naming the first such parameter or header ({@code query} for an undecodable
 * query string), which the service's ProblemMapper answers with a 400. A header that carries one value
 * ({@link #SINGLE_VALUED_HEADERS}) sent more than once is refused the same way.
 */
public class ForbiddenParameterCheck {

    /** What the 400 says about a query string with a bare {@code %} or a bad %-escape. */
    public static final String MALFORMED_QUERY = "is not a valid percent-encoded query string";

    /**
     * Request headers that carry one value: sent twice they are ambiguous (which key, which token, which pass?), so
     * the request is refused rather than one of them silently chosen.
     */
    public static final List<String> SINGLE_VALUED_HEADERS = List.of("Authorization", "Idempotency-Key", "X-Queue-Pass");

    @ServerRequestFilter(preMatching = true, nonBlocking = true)
    public void refuseForbiddenCharacters(ContainerRequestContext request) {
        for (Map<String, List<String>> parameters : List.of(decoded(() -> request.getUriInfo().getQueryParameters()),
                request.getHeaders())) {
            parameters.forEach((name, values) -> values.forEach(value -> check(name, value)));
        }
        request.getHeaders().forEach((name, values) -> SINGLE_VALUED_HEADERS.stream().filter(name::equalsIgnoreCase)
                .forEach(header -> checkOnce(header, values.size())));
    }

    /**
     * The same checks for a request served by a Vert.x route rather than a JAX-RS resource (edge-proxy's gateway,
     * booking-service's seat events), which no request filter sees: throws {@link InvalidParameterException} naming
     * the first query parameter or header with a forbidden character, or a single-valued header sent twice.
     */
    public static void check(HttpServerRequest request) {
        if (request.query() != null) {
            decoded(request::params).forEach(parameter -> check(parameter.getKey(), parameter.getValue()));
        }
        int[] seen = new int[SINGLE_VALUED_HEADERS.size()];
        request.headers().forEach(header -> {
            check(header.getKey(), header.getValue());
            for (int i = 0; i < seen.length; i++) {
                String name = SINGLE_VALUED_HEADERS.get(i);
                if (name.equalsIgnoreCase(header.getKey())) {
                    checkOnce(name, ++seen[i]);
                }
            }
        });
    }

    /** Throws {@link InvalidParameterException} naming the header when it was sent {@code count} times, more than once. */
    public static void checkOnce(String header, int count) {
        if (count > 1) {
            throw new InvalidParameterException(header, "must be sent once");
        }
    }

    /**
     * Throws {@link InvalidParameterException} naming {@code name} when {@code value} carries a forbidden
     * character.
     */
    public static void check(String name, String value) {
        if (ForbiddenCharacters.in(value)) {
            throw new InvalidParameterException(name, ForbiddenCharacters.MESSAGE);
        }
    }

    /** The decoded query parameters {@code decode} returns, or {@link InvalidParameterException} if it cannot. */
    public static <T> T decoded(Supplier<T> decode) {
        try {
            return decode.get();
        } catch (IllegalArgumentException e) {
            // JAX-RS' and Netty's decoders both throw it for a bare or bad %-escape
            throw new InvalidParameterException("query", MALFORMED_QUERY);
        }
    }
}
