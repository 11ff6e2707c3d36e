package dev.encore.edge.service;

/** A hold for a queued performance came without a valid waiting-room pass. */
public class QueuePassRequiredException extends RuntimeException {

    public QueuePassRequiredException(long performanceId) {
        super("Performance " + performanceId + " has a waiting room: join it with POST /api/queue/" + performanceId
                + " and send the pass it gives as X-Queue-Pass", null, false, false);
    }
}
