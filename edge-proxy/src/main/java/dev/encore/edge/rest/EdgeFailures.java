package dev.encore.edge.rest;

import dev.encore.common.InvalidParameterException;
import dev.encore.common.Problem;
import dev.encore.edge.client.PerformanceNotFoundException;
import dev.encore.edge.proxy.UnsupportedMediaTypeException;
import dev.encore.edge.security.InvalidTokenException;
import dev.encore.edge.service.EdgeUnavailableException;
import dev.encore.edge.service.NotInQueueException;
import dev.encore.edge.service.QueuePassRequiredException;
import dev.encore.edge.service.RateLimitedException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

/** The one place where the edge's own refusals become problem+json answers, for proxied and local routes alike. */
public final class EdgeFailures {

    private static final Logger LOG = Logger.getLogger(EdgeFailures.class);

    private EdgeFailures() {
    }

    /** A refusal: the problem, how long to wait before retrying (0: no advice), whether to challenge for a token. */
    public record Refusal(Problem problem, long retryAfterSeconds, boolean bearerChallenge) {
    }

    /** The problem (and advice) that answers {@code failure}; an unexpected one is logged and answered 500. */
    public static Refusal refusal(Throwable failure) {
        return switch (failure) {
            case InvalidParameterException e -> new Refusal(Problem.invalid(e.field(), e.getMessage()), 0, false);
            case InvalidTokenException e -> new Refusal(Problem.of("unauthorized", "Unauthorized", 401, e.getMessage()), 0, true);
            case RateLimitedException e ->
                    new Refusal(Problem.of("rate-limited", "Too many requests", 429, e.getMessage()), e.retryAfterSeconds(), false);
            case QueuePassRequiredException e -> new Refusal(
                    Problem.of("queue-pass-required", "Waiting room pass required", 403, e.getMessage()), 0, false);
            case NotInQueueException e ->
                    new Refusal(Problem.of("not-in-queue", "Not in the waiting room", 404, e.getMessage()), 0, false);
            case PerformanceNotFoundException e ->
                    new Refusal(Problem.of("performance-not-found", "Performance not found", 404, e.getMessage()), 0, false);
            case UnsupportedMediaTypeException e ->
                    new Refusal(Problem.of("unsupported-media-type", "Unsupported Media Type", 415, e.getMessage()), 0, false);
            case RequestBodyTooLargeException e ->
                    new Refusal(Problem.of("body-too-large", "Request body too large", 413, e.getMessage()), 0, false);
            case EdgeUnavailableException e -> {
                // an open breaker refuses every request of an outage; its opening is logged once, by the proxy
                LOG.logf(e.getCause() instanceof CircuitBreakerOpenException ? Logger.Level.DEBUG : Logger.Level.WARN,
                        "%s: %s", e.getMessage(), String.valueOf(e.getCause()));
                yield new Refusal(Problem.of("unavailable", "Service unavailable", 503, e.getMessage()), e.retryAfterSeconds(), false);
            }
            default -> {
                LOG.error("Unexpected failure at the edge", failure);
                yield new Refusal(Problem.of("internal", "Internal error", 500, "The edge could not handle this request"), 0, false);
            }
        };
    }

    /** Answers the refusal of {@code failure} from the Vert.x layer, where the edge does its work. */
    public static void send(HttpServerResponse response, Throwable failure) {
        Refusal refusal = refusal(failure);
        if (refusal.bearerChallenge()) {
            response.putHeader("WWW-Authenticate", "Bearer");
        }
        send(response, refusal.problem(), refusal.retryAfterSeconds());
    }

    /** Answers {@code problem}, with {@code Retry-After} when {@code retryAfterSeconds} is above 0; nothing once answered. */
    public static void send(HttpServerResponse response, Problem problem, long retryAfterSeconds) {
        if (response.ended() || response.headWritten()) {
            return;
        }
        response.setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE);
        if (retryAfterSeconds > 0) {
            response.putHeader("Retry-After", String.valueOf(retryAfterSeconds));
        }
        response.end(Json.encode(problem));
    }
}
