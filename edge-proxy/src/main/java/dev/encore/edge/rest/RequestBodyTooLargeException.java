package dev.encore.edge.rest;

/** A body the edge must read itself (a hold) is larger than it reads, or does not say how large it is. */
public class RequestBodyTooLargeException extends RuntimeException {

    public RequestBodyTooLargeException(int limit) {
        super("A hold request needs a Content-Length of at most " + limit + " bytes", null, false, false);
    }
}
