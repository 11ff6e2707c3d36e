package dev.encore.booking.rest;

import dev.encore.booking.security.TicketCodes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The public keys that verify ticket codes, for scanners that check signatures offline. */
@Path("/api/tickets/jwks.json")
@Tag(name = "tickets")
public class TicketKeysResource {

    private static final CacheControl FIVE_MINUTES = CacheControl.valueOf("public, max-age=300");

    private final TicketCodes codes;

    TicketKeysResource(TicketCodes codes) {
        this.codes = codes;
    }

    /** 200 the JWK Set (RFC 7517), public parts only. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response jwks() {
        return Response.ok(codes.publicJwks()).cacheControl(FIVE_MINUTES).build();
    }
}
