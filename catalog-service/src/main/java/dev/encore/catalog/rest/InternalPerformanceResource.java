package dev.encore.catalog.rest;

import dev.encore.catalog.service.PerformanceService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * For booking-service, under {@code /internal}, which edge-proxy never routes and the NetworkPolicies keep inside
 * the cluster: a performance's layout in one call, and the status changes that end its sales. Closing and
 * cancelling are public calls of booking-service (it stops the sales in its own database first, then records the
 * status here with the administrator's token), so that no sale can slip between the two.
 */
@Path("/internal/performances")
@Tag(name = "internal")
public class InternalPerformanceResource {

    private final PerformanceService performances;

    InternalPerformanceResource(PerformanceService performances) {
        this.performances = performances;
    }

    /** Status, sections, seat counts, prices and the sales window: {@code PerformanceLayout} as JSON. 404 unknown. */
    @GET
    @Path("/{id}/layout")
    @Produces(MediaType.APPLICATION_JSON)
    public String layout(@PathParam("id") long id) {
        return performances.layoutJson(id);
    }

    /** 200 {@code {id, status: "CLOSED"}}, also when it was closed already; 404 unknown; 409 cancelled. */
    @POST
    @Path("/{id}/close")
    @RolesAllowed("ADMIN")
    public PerformanceService.StatusChange close(@PathParam("id") long id) {
        return performances.close(id);
    }

    /** 200 {@code {id, status: "CANCELLED"}}, also when it was cancelled already; 404 unknown; 409 closed. */
    @POST
    @Path("/{id}/cancel")
    @RolesAllowed("ADMIN")
    public PerformanceService.StatusChange cancel(@PathParam("id") long id) {
        return performances.cancel(id);
    }
}
