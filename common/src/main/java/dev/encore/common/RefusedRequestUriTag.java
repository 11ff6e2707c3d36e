package dev.encore.common;

import io.micrometer.core.instrument.Tags;
import io.quarkus.arc.Unremovable;
import io.quarkus.micrometer.runtime.HttpServerMetricsTagsContributor;
import jakarta.inject.Singleton;

/**
 * Counts a refused request that no route template was recorded for under {@code uri="/{refused}"} in every
 * service's {@code http.server.requests}: one the HTTP decoder refused (Netty: a control character in a header
 * value, a request line or headers too long; Vert.x answers 400, 414 or 431 before any route), and any other 4xx
 * but 404 without a template. Without it such a request is counted under its raw path, ids and made-up words
 * included: one new series per request, sent without a token, until Micrometer's cap on uri tags stops counting
 * real routes. A path the decoder accepts but no route can take gets the same label from the shared
 * configuration's {@code match-patterns}; a 404 without a template is Quarkus' own {@code NOT_FOUND}. Quarkus
 * Micrometer adds a contributor's tags after its own, so this {@code uri} replaces the raw one.
 */
// looked up by Quarkus Micrometer, never injected: Arc would otherwise remove it as unused
@Unremovable
@Singleton
public class RefusedRequestUriTag implements HttpServerMetricsTagsContributor {

    /** The {@code uri} tag value of a refused request, shared with the configuration's match pattern. */
    public static final String REFUSED = "/{refused}";

    /** The request-context key Quarkus Micrometer reads a route's template from (set by Quarkus REST, and by the edge). */
    public static final String URL_PATH_TEMPLATE = "UrlPathTemplate";
    private static final Tags REFUSED_URI = Tags.of("uri", REFUSED);

    @Override
    public Tags contribute(Context context) {
        if (context.request().decoderResult().isFailure()) {
            return REFUSED_URI;
        }
        int status = context.response() == null ? 0 : context.response().statusCode();
        boolean refusedUntemplated = status >= 400 && status < 500 && status != 404
                && context.requestContextLocalData(URL_PATH_TEMPLATE) == null;
        return refusedUntemplated ? REFUSED_URI : Tags.empty();
    }
}
