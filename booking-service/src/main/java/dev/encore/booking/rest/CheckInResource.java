package dev.encore.booking.rest;

import dev.encore.booking.domain.CheckInView;
import dev.encore.booking.service.TicketService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

/** Check-in at the door: a scanner (or an administrator) admits a ticket once. */
@Path("/api/check-ins")
@RolesAllowed({"SCANNER", "ADMIN"})
@Tag(name = "tickets")
public class CheckInResource {

    private final TicketService tickets;
    private final JsonWebToken caller;

    CheckInResource(TicketService tickets, JsonWebToken caller) {
        this.tickets = tickets;
        this.caller = caller;
    }

    /** 200 the ticket admitted; 409 already checked in (with when), 410 void, 400 not a genuine code. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public CheckInView checkIn(@Valid @NotNull CheckInRequest request) {
        return tickets.checkIn(UUID.fromString(caller.getSubject()), request.code(), request.performanceId());
    }
}
