package dev.encore.common;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The Redis pub/sub channel on which a performance's status change is announced, owned by catalog-service (which
 * keeps performances). Publishers: catalog-service (admin writes, sales opening) and closing-job (performances it
 * closed). Subscribers: catalog-service (evicts its cache) and booking-service (forgets the statuses it copied).
 * Payload: the changed performances' ids in decimal, comma-separated ({@code 42,43}). Redis pub/sub keeps nothing,
 * so the announcement is best effort: every copy that may miss one also has a time limit.
 */
public final class PerformanceChangeChannel {

    /** The channel's name. */
    public static final String NAME = "encore:performance-changes";

    private PerformanceChangeChannel() {
    }

    /** The message announcing {@code performanceIds}. */
    public static String payload(Collection<Long> performanceIds) {
        return performanceIds.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    /** The ids a message announces; parts that are not ids (a subscriber's probe, say) are skipped. */
    public static List<Long> ids(String payload) {
        List<Long> ids = new ArrayList<>();
        for (String part : payload.split(",")) {
            String id = part.strip();
            if (id.matches("\\d{1,18}")) {
                ids.add(Long.parseLong(id));
            }
        }
        return ids;
    }
}
