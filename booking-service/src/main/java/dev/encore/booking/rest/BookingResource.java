package dev.encore.booking.rest;

import dev.encore.booking.domain.BookingView;
import dev.encore.booking.domain.TicketView;
import dev.encore.booking.service.BookingCancellation;
import dev.encore.booking.service.BookingConfirmation;
import dev.encore.booking.service.BookingQueries;
import dev.encore.booking.service.TicketService;
import dev.encore.common.Problem;
import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

@Path("/api/bookings")
@Authenticated
@Tag(name = "bookings")
public class BookingResource {

    private final BookingConfirmation confirmation;
    private final BookingCancellation cancellation;
    private final BookingQueries queries;
    private final TicketService tickets;
    private final JsonWebToken caller;

    BookingResource(BookingConfirmation confirmation, BookingCancellation cancellation, BookingQueries queries,
                    TicketService tickets, JsonWebToken caller) {
        this.confirmation = confirmation;
        this.cancellation = cancellation;
        this.queries = queries;
        this.tickets = tickets;
        this.caller = caller;
    }

    /** Pays for a hold. Idempotency-Key is required: 1 to 200 visible ASCII characters, a UUID is a good choice. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response confirm(@HeaderParam("Idempotency-Key") @NotBlank
                            @Pattern(regexp = "[\\x21-\\x7E]{1,200}", message = "must be 1 to 200 visible ASCII characters")
                            String idempotencyKey,
                            @Valid @NotNull ConfirmRequest request) {
        BookingConfirmation.Answer answer = confirmation.confirm(callerId(), idempotencyKey, request.holdId());
        return Response.status(answer.status()).entity(answer.body())
                .type(answer.status() == 201 ? MediaType.APPLICATION_JSON : Problem.MEDIA_TYPE).build();
    }

    @GET
    public List<BookingView> mine() {
        return queries.mine(callerId());
    }

    @GET
    @Path("/{id}")
    public BookingView get(@PathParam("id") UUID bookingId) {
        return queries.get(callerId(), bookingId);
    }

    /**
     * The tickets of the caller's confirmed booking, one per seat: code, QR image (SVG) and check-in time. Never stored
     * by a cache: the codes admit their holder.
     */
    @GET
    @Path("/{id}/tickets")
    public RestResponse<List<TicketView>> tickets(@PathParam("id") UUID bookingId) {
        return RestResponse.ResponseBuilder.ok(tickets.tickets(callerId(), bookingId))
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    @POST
    @Path("/{id}/cancel")
    public BookingView cancel(@PathParam("id") UUID bookingId) {
        return cancellation.cancel(callerId(), bookingId);
    }

    private UUID callerId() {
        return UUID.fromString(caller.getSubject());
    }
}
