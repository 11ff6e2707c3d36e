package dev.encore.edge.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The part of a performance the edge cares about: whether fans queue for it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PerformanceSettings(long id, boolean queueEnabled) {
}
