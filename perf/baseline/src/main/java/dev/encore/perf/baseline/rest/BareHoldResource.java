package dev.encore.perf.baseline.rest;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.List;
import java.util.Map;

/**
 * The floor under booking-service's hold: the same request, a verified token and one {@code SET NX PX} on the seat
 * key, nothing else (no fencing token, no per-user limit, no PostgreSQL). perf/run drives the hold-storm plan at it
 * beside booking-service, so the summary can say how much of the machine's limit the real hold path reaches.
 */
@Path("/api/holds")
@Authenticated
public class BareHoldResource {

    public record HoldRequest(long performanceId, List<String> seatIds) {
    }

    private static final String HOLD_MILLIS = "300000";

    private final ReactiveRedisDataSource redis;
    private final JsonWebToken caller;

    BareHoldResource(ReactiveRedisDataSource redis, JsonWebToken caller) {
        this.redis = redis;
        this.caller = caller;
    }

    @POST
    public Uni<Response> hold(HoldRequest request) {
        String seat = request.seatIds().getFirst();
        // a prefix of its own: the baseline must never take a seat that booking-service's storm races for
        String key = "perf-baseline:{perf:" + request.performanceId() + "}:seat:" + seat;
        return redis.execute("SET", key, caller.getSubject(), "NX", "PX", HOLD_MILLIS)
                .map(reply -> reply == null
                        ? Response.status(Response.Status.CONFLICT).entity(Map.of("unavailableSeatIds", List.of(seat))).build()
                        : Response.status(Response.Status.CREATED).entity(Map.of("seatIds", List.of(seat))).build());
    }
}
