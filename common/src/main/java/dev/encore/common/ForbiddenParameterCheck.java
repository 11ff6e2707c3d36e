package dev.encore.common;

import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Refuses, before routing, a request whose query parameter values or header values (decoded) carry a
 * {@link ForbiddenCharacters forbidden character}, or whose query string does not decode: it throws
 * {@link InvalidParameterException} naming the first such parameter or header ({@code query} for an undecodable
 * query string), which the service's ProblemMapper answers with a 400.
 */
public class ForbiddenParameterCheck {

    /** What the 400 says about a query string with a bare {@code %} or a bad %-escape. */
    public static final String MALFORMED_QUERY = "is not a valid percent-encoded query string";

    @ServerRequestFilter(preMatching = true, nonBlocking = true)
    public void refuseForbiddenCharacters(ContainerRequestContext request) {
        for (Map<String, List<String>> parameters : List.of(decoded(() -> request.getUriInfo().getQueryParameters()),
                request.getHeaders())) {
            parameters.forEach((name, values) -> values.forEach(value -> check(name, value)));
        }
    }

    /**
     * Throws {@link InvalidParameterException} naming {@code name} when {@code value} carries a forbidden
     * character. Public for edge-proxy, whose routes are Vert.x handlers rather than JAX-RS resources.
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
