package dev.encore.common;

/**
 * A query parameter or header is refused before any resource sees it. {@link #field()} is the parameter's or
 * header's name as the client sent it, {@link #getMessage()} what is wrong with it; a ProblemMapper answers 400.
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
