package dev.encore.booking.client;

import dev.encore.booking.domain.PerformanceLayout;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
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

    /** Records the close; {@code authorization} is the administrator's bearer header, which catalog-service checks. */
    @POST
    @Path("/{id}/close")
    void close(@PathParam("id") long performanceId, @HeaderParam("Authorization") String authorization);

    @POST
    @Path("/{id}/cancel")
    void cancel(@PathParam("id") long performanceId, @HeaderParam("Authorization") String authorization);
}
