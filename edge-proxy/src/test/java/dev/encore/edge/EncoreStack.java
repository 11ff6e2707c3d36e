package dev.encore.edge;

import dev.encore.testsupport.PeerService;
import dev.encore.testsupport.RedisServer;

/** What edge tests reach behind the edge: its Redis, booking-service (to kill it) and the administrator's login. */
public record EncoreStack(RedisServer redis, PeerService booking, String adminEmail, String adminPassword) {
}
