package dev.encore.common;

import java.util.List;

/**
 * A CDI event: these performances' statuses changed, as announced on {@link PerformanceChangeChannel} by any
 * service (this one included). Fired asynchronously by {@link PerformanceChangeFeed}; observe it with
 * {@code @ObservesAsync}.
 *
 * @param performanceIds the changed performances, at least one
 */
public record PerformanceChanged(List<Long> performanceIds) {
}
