package dev.encore.edge;

import dev.encore.testsupport.PeerService;
import dev.encore.testsupport.PostgresServer;
import dev.encore.testsupport.TestRedis;

/**
 * What edge tests reach behind the edge: its Redis, the services' PostgreSQL, the services (booking-service to kill
 * it or add a replica) and the administrator's login.
 */
public record EncoreStack(TestRedis redis, PostgresServer postgres, PeerService users, PeerService catalog,
                          PeerService booking, String adminEmail, String adminPassword) {
}
