package dev.encore.catalog.rest;

import dev.encore.catalog.domain.Section;
import dev.encore.catalog.domain.Venue;
import dev.encore.catalog.service.VenueService;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/api/venues")
@Tag(name = "venues")
public class VenueResource {

    // answered inside a Response, which Quarkus does not look into when registering for a native image
    @RegisterForReflection
    public record VenueCreated(long id, String name, int seatCount) {
    }

    public record VenueDetail(long id, String name, int seatCount, List<Section> sections) {
    }

    private final VenueService venues;

    VenueResource(VenueService venues) {
        this.venues = venues;
    }

    @POST
    @RolesAllowed("ADMIN")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Valid @NotNull CreateVenueRequest request, UriInfo uri) {
        Venue venue = venues.create(request.name(), request.toSections());
        return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(venue.id)).build())
                .entity(new VenueCreated(venue.id, venue.name, venue.seatCount)).build();
    }

    @GET
    @Path("/{id}")
    public VenueDetail get(@PathParam("id") long id) {
        Venue venue = venues.get(id);
        return new VenueDetail(venue.id, venue.name, venue.seatCount, venue.sections);
    }
}
