package dev.encore.booking.client;

import dev.encore.booking.domain.PerformanceLayout;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** catalog-service's internal API, found through Stork as {@code stork://catalog-service}. */
@RegisterRestClient(configKey = "catalog")
@Path("/internal/performances")
interface CatalogApi {

    @GET
    @Path("/{id}/layout")
    PerformanceLayout layout(@PathParam("id") long performanceId);
}
