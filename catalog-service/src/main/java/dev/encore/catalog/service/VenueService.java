package dev.encore.catalog.service;

import dev.encore.catalog.config.CatalogConfig;
import dev.encore.catalog.domain.InvalidCatalogDataException;
import dev.encore.catalog.domain.Section;
import dev.encore.catalog.domain.Venue;
import dev.encore.catalog.domain.VenueNotFoundException;
import dev.encore.catalog.repository.VenueRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

@ApplicationScoped
public class VenueService {

    private final VenueRepository venues;
    private final CatalogConfig config;

    VenueService(VenueRepository venues, CatalogConfig config) {
        this.venues = venues;
        this.config = config;
    }

    @Transactional
    public Venue create(String name, List<Section> sections) {
        List<InvalidCatalogDataException.Violation> violations = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long seats = 0;
        for (int i = 0; i < sections.size(); i++) {
            Section section = sections.get(i);
            // seat ids are case-sensitive strings, but "a-1-1" next to "A-1-1" only invites mistakes
            if (!seen.add(section.name().toUpperCase(Locale.ROOT))) {
                violations.add(new InvalidCatalogDataException.Violation("sections[" + i + "].name", "is used twice"));
            }
            seats += (long) section.rows() * section.seatsPerRow();
        }
        if (seats > config.maxSeatsPerVenue()) {
            violations.add(new InvalidCatalogDataException.Violation("sections",
                    "hold " + seats + " seats; a venue may have at most " + config.maxSeatsPerVenue()));
        }
        if (!violations.isEmpty()) {
            throw new InvalidCatalogDataException(violations);
        }
        Venue venue = Venue.create(name.strip(), sections);
        venues.persist(venue);
        return venue;
    }

    @Transactional
    public Venue get(long id) {
        return venues.findByIdOptional(id).orElseThrow(() -> new VenueNotFoundException(id));
    }
}
