package dev.encore.booking.domain;

/** A caller's Idempotency-Key, with the hash of the request it was first sent with. */
public record IdempotencyKey(java.util.UUID userId, String value, String requestHash) {
}
