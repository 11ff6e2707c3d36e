package dev.encore.edge;

import dev.encore.testsupport.PeerService;
import dev.encore.testsupport.RedisServer;

/** The running system behind the edge under test: its Redis and the three services it routes to. */
public record EncoreStack(RedisServer redis, PeerService users, PeerService catalog, PeerService booking,
                          String adminEmail, String adminPassword) {
}
