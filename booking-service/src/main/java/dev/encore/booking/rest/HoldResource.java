package dev.encore.booking.rest;

import dev.encore.booking.domain.SeatHold;
import dev.encore.booking.service.BestAvailable;
import dev.encore.booking.service.HoldService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

@Path("/api/holds")
@Authenticated
@Tag(name = "holds")
public class HoldResource {

    private final HoldService holds;
    private final BestAvailable bestAvailable;
    private final JsonWebToken caller;

    HoldResource(HoldService holds, BestAvailable bestAvailable, JsonWebToken caller) {
        this.holds = holds;
        this.bestAvailable = bestAvailable;
        this.caller = caller;
    }

    /** 201 the hold; X-Queue-Pass is the waiting-room pass, required for performances that queue. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> hold(@Valid @NotNull HoldRequest request, @HeaderParam("X-Queue-Pass") String queuePass,
                              UriInfo uri) {
        return holds.hold(callerId(), request.performanceId(), request.seatIds(), queuePass).map(hold -> created(hold, uri));
    }

    /** 201 a hold of the best {@code count} adjacent seats in one row (docs/api.md: best available), like a hold. */
    @POST
    @Path("/best")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> best(@Valid @NotNull BestHoldRequest request, @HeaderParam("X-Queue-Pass") String queuePass,
                              UriInfo uri) {
        return bestAvailable.hold(callerId(), request.performanceId(), request.count(), request.section(), request.maxPrice(),
                queuePass).map(hold -> created(hold, uri));
    }

    @DELETE
    @Path("/{holdId}")
    public void release(@PathParam("holdId") UUID holdId) {
        holds.release(callerId(), holdId);
    }

    private static Response created(SeatHold hold, UriInfo uri) {
        HoldResponse body = HoldResponse.from(hold);
        return Response.created(uri.getBaseUriBuilder().path(HoldResource.class).path(body.holdId().toString()).build())
                .entity(body).build();
    }

    private UUID callerId() {
        return UUID.fromString(caller.getSubject());
    }
}
