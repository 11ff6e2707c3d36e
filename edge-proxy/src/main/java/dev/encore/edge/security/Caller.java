package dev.encore.edge.security;

import java.time.Instant;

/** Who a verified access token speaks for, and the ids under which it can be revoked. */
public record Caller(String userId, String tokenId, String sessionId, Instant expiresAt) {
}
