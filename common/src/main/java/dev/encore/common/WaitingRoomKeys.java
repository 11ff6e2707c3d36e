package dev.encore.common;

/**
 * The Redis keys of a performance's waiting room, owned by edge-proxy, which runs the room. All start with
 * {@code edge:queue:{perf:<performanceId>}:}, the performance being their hash tag (one slot per room on Redis
 * Cluster). One of them is read elsewhere: the pass key {@code ...:pass:<userId>}, holding the pass the room gave the
 * fan (with the pass's time to live), which booking-service checks again on a hold of a queued performance.
 */
public final class WaitingRoomKeys {

    private WaitingRoomKeys() {
    }

    /** The prefix of every key of the performance's room. */
    public static String room(long performanceId) {
        return "edge:queue:{perf:" + performanceId + "}:";
    }

    /** The key of {@code userId}'s pass for {@code performanceId}. */
    public static String pass(long performanceId, String userId) {
        return room(performanceId) + "pass:" + userId;
    }
}
