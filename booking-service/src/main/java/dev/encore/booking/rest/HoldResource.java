package dev.encore.booking.rest;

import dev.encore.booking.service.HoldService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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
    private final JsonWebToken caller;

    HoldResource(HoldService holds, JsonWebToken caller) {
        this.holds = holds;
        this.caller = caller;
    }

    /** 201 the hold; X-Queue-Pass is the waiting-room pass, required for performances that queue. */
    @POST
    public Uni<Response> hold(@Valid @NotNull HoldRequest request, @HeaderParam("X-Queue-Pass") String queuePass,
                              UriInfo uri) {
        return holds.hold(callerId(), request.performanceId(), request.seatIds(), queuePass)
                .map(HoldResponse::from)
                .map(hold -> Response.created(uri.getAbsolutePathBuilder().path(hold.holdId().toString()).build()).entity(hold).build());
    }

    @DELETE
    @Path("/{holdId}")
    public void release(@PathParam("holdId") UUID holdId) {
        holds.release(callerId(), holdId);
    }

    private UUID callerId() {
        return UUID.fromString(caller.getSubject());
    }
}
