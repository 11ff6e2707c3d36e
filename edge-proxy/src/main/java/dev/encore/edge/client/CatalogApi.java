package dev.encore.edge.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.concurrent.CompletionStage;

/** catalog-service's public performance read, found through Stork as {@code stork://catalog-service}. */
@RegisterRestClient(configKey = "catalog")
@Path("/api/performances")
interface CatalogApi {

    @GET
    @Path("/{id}")
    CompletionStage<PerformanceSettings> performance(@PathParam("id") long performanceId);
}
