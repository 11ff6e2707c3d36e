package dev.encore.edge.rest;

import dev.encore.edge.proxy.EdgeGateway;
import dev.encore.edge.security.Caller;
import dev.encore.edge.service.QueueStatus;
import dev.encore.edge.service.WaitingRoom;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;

import java.util.concurrent.CompletionStage;

/** The waiting room of queued performances. EdgeGateway has already verified the caller's token. */
@Path("/api/queue/{performanceId}")
@Produces(MediaType.APPLICATION_JSON)
public class QueueResource {

    private final WaitingRoom waitingRoom;

    QueueResource(WaitingRoom waitingRoom) {
        this.waitingRoom = waitingRoom;
    }

    @POST
    public CompletionStage<QueueStatus> join(@RestPath long performanceId, RoutingContext routing) {
        return waitingRoom.join(performanceId, caller(routing).userId()).toCompletionStage();
    }

    @GET
    public CompletionStage<QueueStatus> status(@RestPath long performanceId, RoutingContext routing) {
        return waitingRoom.status(performanceId, caller(routing).userId()).toCompletionStage();
    }

    private static Caller caller(RoutingContext routing) {
        return routing.get(EdgeGateway.CALLER);
    }
}
