package dev.encore.common;

/**
 * A part of a request is refused before any resource sees it: a query parameter, a header, the path (edge-proxy's
 * canonical-path rule) or a body field the edge reads itself. {@link #field()} names it as the client sent it
 * ("path" for the path), {@link #getMessage()} says what is wrong with it; a ProblemMapper answers 400.
 */
public class InvalidParameterException extends RuntimeException {

    private final String field;

    public InvalidParameterException(String field, String message) {
        // refused input, not a fault: no stack trace to fill
        super(message, null, false, false);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
