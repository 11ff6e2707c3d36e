package dev.encore.edge.service;

/** The caller asked for a place in a waiting room it never joined. */
public class NotInQueueException extends RuntimeException {

    public NotInQueueException(long performanceId) {
        super("You have not joined the waiting room of performance " + performanceId
                + ": POST /api/queue/" + performanceId, null, false, false);
    }
}
