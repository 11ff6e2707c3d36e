package dev.encore.catalog.domain;

public class VenueNotFoundException extends RuntimeException {

    public VenueNotFoundException(long id) {
        super("No venue " + id);
    }
}
