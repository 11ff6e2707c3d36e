package dev.encore.catalog.domain;

import java.util.List;

/** Input that is well-formed but does not fit the catalog (a price for a section the venue lacks, ...). */
public class InvalidCatalogDataException extends RuntimeException {

    public record Violation(String field, String message) {
    }

    private final List<Violation> violations;

    public InvalidCatalogDataException(List<Violation> violations) {
        super(violations.stream().map(v -> v.field() + " " + v.message()).reduce((a, b) -> a + "; " + b).orElse("invalid"));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
