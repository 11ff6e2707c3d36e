package dev.encore.booking.client;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * The payment provider. Every call carries an idempotency key, so a retry after a timeout cannot charge or refund
 * twice. Failures to reach the provider are {@link PaymentUnavailableException}; a decline is an answer.
 */
public interface PaymentProvider {

    record Charge(String reference, boolean approved, String declineReason) {
    }

    record Refund(String reference) {
    }

    Charge charge(String idempotencyKey, BigDecimal amount, String currency);

    /** The charge made under this key, if the provider has one: how a booking left PENDING by a crash is settled. */
    Optional<Charge> findCharge(String idempotencyKey);

    Refund refund(String idempotencyKey, String chargeReference, BigDecimal amount, String currency);
}
