package dev.encore.booking.rest;

import dev.encore.booking.service.WaitlistService;
import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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

/** The caller's own entry on a performance's waiting list (docs/api.md: waiting list). */
@Path("/api/performances")
@Authenticated
@Tag(name = "waiting list")
public class WaitlistResource {

    private final WaitlistService waitlists;
    private final JsonWebToken caller;

    WaitlistResource(WaitlistService waitlists, JsonWebToken caller) {
        this.waitlists = waitlists;
        this.caller = caller;
    }

    /**
     * 201 the new entry, at the end of the list; 409 when seats are free or the caller already waits. X-Queue-Pass is
     * the waiting-room pass, required for performances that queue, as for a hold.
     */
    @POST
    @Path("/{id}/waitlist")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response join(@PathParam("id") long performanceId, @Valid @NotNull WaitlistRequest request,
                         @HeaderParam("X-Queue-Pass") String queuePass, UriInfo uri) {
        WaitlistResponse entry = WaitlistResponse.from(waitlists.join(callerId(), performanceId, request.count(), queuePass));
        return Response.created(uri.getRequestUri()).entity(entry).build();
    }

    /** 200 the caller's entry, its position and any offer; 404 when the caller is not waiting. */
    @GET
    @Path("/{id}/waitlist")
    public WaitlistResponse entry(@PathParam("id") long performanceId) {
        return WaitlistResponse.from(waitlists.entry(callerId(), performanceId));
    }

    /** 204: the caller left the list, and an offer not bought is released. */
    @DELETE
    @Path("/{id}/waitlist")
    public void leave(@PathParam("id") long performanceId) {
        waitlists.leave(callerId(), performanceId);
    }

    private UUID callerId() {
        return UUID.fromString(caller.getSubject());
    }
}
