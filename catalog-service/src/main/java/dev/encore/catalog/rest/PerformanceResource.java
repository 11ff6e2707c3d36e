package dev.encore.catalog.rest;

import dev.encore.catalog.config.CatalogConfig;
import dev.encore.catalog.domain.Performance;
import dev.encore.catalog.domain.PerformanceStatus;
import dev.encore.catalog.service.PerformanceService;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/performances")
@Tag(name = "performances")
public class PerformanceResource {

    // answered inside a Response, which Quarkus does not look into when registering for a native image
    @RegisterForReflection
    public record PerformanceCreated(long id, PerformanceStatus status) {
    }

    private final PerformanceService performances;
    private final CatalogConfig config;

    PerformanceResource(PerformanceService performances, CatalogConfig config) {
        this.performances = performances;
        this.config = config;
    }

    @POST
    @RolesAllowed("ADMIN")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Valid @NotNull CreatePerformanceRequest request, UriInfo uri) {
        Performance created = performances.create(request.toNewPerformance());
        return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(created.id)).build())
                .entity(new PerformanceCreated(created.id, created.status)).build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String list(@QueryParam("status") String status, @QueryParam("from") String from, @QueryParam("to") String to,
                       @QueryParam("page") String page, @QueryParam("size") String size) {
        ListingQuery query = ListingQuery.parse(status, from, to, page, size, config.maxPageSize());
        return performances.pageJson(query.filter(), query.page(), query.size());
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public String get(@PathParam("id") long id) {
        return performances.detailJson(id);
    }
}
