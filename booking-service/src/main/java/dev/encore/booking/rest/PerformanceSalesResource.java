package dev.encore.booking.rest;

import dev.encore.booking.service.PerformanceSales;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Ending a performance's sales (ADMIN). These public paths belong to booking-service, which stops the sales in the
 * database that every hold and confirm checks, and then has catalog-service record the status.
 */
// the same class path as SeatMapResource, so that one matching tree holds every /api/performances/{id}/... route here
// (a POST to the seat map is then 405, not 404)
@Path("/api/performances")
@Tag(name = "performances")
@RolesAllowed("ADMIN")
public class PerformanceSalesResource {

    private final PerformanceSales sales;

    PerformanceSalesResource(PerformanceSales sales) {
        this.sales = sales;
    }

    /** 200 {@code {id, status: "CLOSED"}} (idempotent); 404 unknown; 409 cancelled; 503 + Retry-After, repeatable. */
    @POST
    @Path("/{id}/close")
    public PerformanceSales.StatusChange close(@PathParam("id") long performanceId,
                                               @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return sales.close(performanceId, authorization);
    }

    /**
     * 200 {@code {id, status: "CANCELLED"}} (idempotent): live holds released at once, every confirmed booking
     * refunded and marked CANCELLED (cancelReason PERFORMANCE_CANCELLED) by the refund round; 404; 409 closed; 503.
     */
    @POST
    @Path("/{id}/cancel")
    public PerformanceSales.StatusChange cancel(@PathParam("id") long performanceId,
                                                @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return sales.cancel(performanceId, authorization);
    }
}
