package dev.encore.booking.rest;

import dev.encore.booking.service.SeatEventFeed;
import dev.encore.booking.service.SeatMapService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Duration;

@Path("/api/performances")
@Tag(name = "seat map")
public class SeatMapResource {

    // a comment line this often keeps an idle stream open through proxies that close silent connections (the
    // edge's upstream idle timeout is 8 s)
    private static final Duration HEARTBEAT = Duration.ofSeconds(5);

    private final SeatMapService seatMaps;
    private final SeatEventFeed events;

    SeatMapResource(SeatMapService seatMaps, SeatEventFeed events) {
        this.seatMaps = seatMaps;
        this.events = events;
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

    /**
     * Server-Sent Events (WHATWG HTML, "Server-sent events"): first {@code snapshot} (every taken seat,
     * {@code {performanceId, taken: [{id, status}]}}), or, after {@code Last-Event-ID}, one {@code seats} event with
     * what changed since; then a {@code seats} event {@code [{id, status}]} per poll in which seats changed, each
     * with its id; a comment every 5 s.
     */
    @GET
    @Path("/{id}/seats/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    public Multi<OutboundSseEvent> events(@PathParam("id") long performanceId,
                                          @HeaderParam("Last-Event-ID") String lastEventId, @Context Sse sse) {
        Multi<OutboundSseEvent> changes = events.watch(performanceId, parsedId(lastEventId))
                .map(event -> sse.newEventBuilder().id(Long.toString(event.id())).name(event.name()).data(event.data()).build());
        Multi<OutboundSseEvent> heartbeats = Multi.createFrom().ticks().every(HEARTBEAT)
                .map(tick -> sse.newEventBuilder().comment("").build());
        return Multi.createBy().merging().streams(changes, heartbeats);
    }

    // an id this service did not send (or none) is answered with a snapshot, as the SSE model expects of a server
    private static Long parsedId(String lastEventId) {
        if (lastEventId == null || !lastEventId.matches("[0-9]{1,18}")) {
            return null;
        }
        return Long.parseLong(lastEventId);
    }
}
