package dev.encore.edge.proxy;

/** A body the edge must read (a hold's) sent as something other than JSON: 415, as booking-service would answer. */
public class UnsupportedMediaTypeException extends RuntimeException {

    public UnsupportedMediaTypeException(String contentType) {
        // refused input, not a fault: no stack trace to fill
        super("A body of type " + contentType + " is not read here: send application/json", null, false, false);
    }
}
