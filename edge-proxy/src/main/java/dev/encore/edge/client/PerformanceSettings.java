package dev.encore.edge.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;

/**
 * The part of a performance the edge cares about: whether fans queue for it, and from when its waiting room
 * admits them.
 *
 * @param salesOpenAt when sales open; catalog-service always sends it (a performance created without one opens
 *                    at its creation)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PerformanceSettings(long id, boolean queueEnabled, Instant salesOpenAt) {
}
