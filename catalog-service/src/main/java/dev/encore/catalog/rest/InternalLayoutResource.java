package dev.encore.catalog.rest;

import dev.encore.catalog.service.PerformanceService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * For booking-service: a performance's status, sections, seat counts and prices in one call. Under
 * {@code /internal}, which edge-proxy never routes and the NetworkPolicies keep inside the cluster.
 */
@Path("/internal/performances")
@Tag(name = "internal")
public class InternalLayoutResource {

    private final PerformanceService performances;

    InternalLayoutResource(PerformanceService performances) {
        this.performances = performances;
    }

    @GET
    @Path("/{id}/layout")
    @Produces(MediaType.APPLICATION_JSON)
    public String layout(@PathParam("id") long id) {
        return performances.layoutJson(id);
    }
}
