package dev.encore.edge;

import dev.encore.testsupport.PeerService;
import dev.encore.testsupport.PostgresServer;
import dev.encore.testsupport.RedisServer;

/**
 * What edge tests reach behind the edge: its Redis, the services' PostgreSQL, booking-service (to kill it) and the
 * administrator's login.
 */
public record EncoreStack(RedisServer redis, PostgresServer postgres, PeerService booking, String adminEmail,
                          String adminPassword) {
}
