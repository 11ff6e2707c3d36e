package dev.encore.catalog.repository;

import dev.encore.catalog.domain.Venue;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class VenueRepository implements PanacheRepository<Venue> {
}
