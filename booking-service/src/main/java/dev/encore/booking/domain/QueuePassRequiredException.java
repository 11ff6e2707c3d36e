package dev.encore.booking.domain;

/**
 * A hold on a performance with a waiting room came without the pass edge-proxy issued to this user for it (403
 * {@code urn:encore:problem:queue-pass-required}, as edge-proxy answers). Checked here too, so that a request that
 * reaches booking-service from inside the cluster, past the edge, is held to the same rule.
 */
public class QueuePassRequiredException extends RuntimeException {

    public QueuePassRequiredException(long performanceId) {
        super("Performance " + performanceId + " has a waiting room: join it with POST /api/queue/" + performanceId
                + " and send the pass it gives as X-Queue-Pass", null, false, false);
    }
}
