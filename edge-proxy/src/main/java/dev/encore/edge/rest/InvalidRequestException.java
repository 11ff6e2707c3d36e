package dev.encore.edge.rest;

/**
 * A request the edge refuses before deciding anything about it: 400 problem+json naming {@code field} (a JSON field,
 * or "path" for a request path that is not canonical).
 */
public class InvalidRequestException extends RuntimeException {

    private final String field;
    private final String problem;

    public InvalidRequestException(String field, String problem) {
        super(field + " " + problem, null, false, false);
        this.field = field;
        this.problem = problem;
    }

    public String field() {
        return field;
    }

    public String problem() {
        return problem;
    }
}
