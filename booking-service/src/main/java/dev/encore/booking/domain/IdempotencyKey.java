package dev.encore.booking.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * A caller's Idempotency-Key ({@code value}, 1 to 200 visible ASCII characters), with the SHA-256 (hex) of the
 * request it was first sent with: the same key with another request is a reuse, not a retry.
 */
public record IdempotencyKey(UUID userId, String value, String requestHash) {

    /** The key as sent with {@code request}, a canonical text of what was asked, e.g. "POST /api/bookings &lt;holdId&gt;". */
    public static IdempotencyKey of(UUID userId, String value, String request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(request.getBytes(StandardCharsets.UTF_8));
            return new IdempotencyKey(userId, value, HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
