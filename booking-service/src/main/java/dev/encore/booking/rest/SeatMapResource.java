package dev.encore.booking.rest;

import dev.encore.booking.service.SeatMapService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The seat map for a first load; its live updates are {@link SeatEventsRoute}'s. */
@Path("/api/performances")
@Tag(name = "seat map")
public class SeatMapResource {

    private final SeatMapService seatMaps;

    SeatMapResource(SeatMapService seatMaps) {
        this.seatMaps = seatMaps;
    }

    /** The whole map; a client polling with If-None-Match gets 304 while no seat changed. */
    @GET
    @Path("/{id}/seats")
    public Response seats(@PathParam("id") long performanceId, Request request) {
        SeatMapService.RenderedSeatMap map = seatMaps.render(performanceId);
        EntityTag tag = new EntityTag(map.version(), true);
        Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
        if (notModified != null) {
            return notModified.tag(tag).build();
        }
        return Response.ok(map.json(), MediaType.APPLICATION_JSON_TYPE).tag(tag).build();
    }
}
