package dev.encore.booking.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.math.BigDecimal;

/** The provider's HTTP API: charges and refunds keyed by the caller's idempotency key. */
@RegisterRestClient(configKey = "payment")
@Path("/")
interface PaymentApi {

    record ChargeRequest(BigDecimal amount, String currency) {
    }

    record RefundRequest(String chargeReference, BigDecimal amount, String currency) {
    }

    /** {@code status} is APPROVED or DECLINED. */
    record Result(String reference, String status, String reason) {
    }

    @POST
    @Path("/charges")
    Result charge(@HeaderParam("Idempotency-Key") String idempotencyKey, ChargeRequest request);

    @GET
    @Path("/charges/{idempotencyKey}")
    Result findCharge(@PathParam("idempotencyKey") String idempotencyKey);

    @POST
    @Path("/refunds")
    Result refund(@HeaderParam("Idempotency-Key") String idempotencyKey, RefundRequest request);
}
