package dev.encore.catalog.rest;

import dev.encore.catalog.domain.InvalidCatalogDataException;
import dev.encore.catalog.domain.PerformanceNotFoundException;
import dev.encore.catalog.domain.PerformanceStatusConflictException;
import dev.encore.catalog.domain.VenueNotFoundException;
import dev.encore.common.Problem;
import dev.encore.common.ProblemResponses;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;

/**
 * catalog-service's own failures as problem+json answers; everything else (validation, JSON, 401, 403, 404, 500) is
 * encore-common's {@link dev.encore.common.GenericProblemMapper}.
 */
public class ProblemMapper {

    @ServerExceptionMapper
    public Response invalidData(InvalidCatalogDataException e) {
        return ProblemResponses.respond(Problem.invalid(e.getMessage(), e.violations().stream()
                .map(v -> new Problem.FieldError(v.field(), v.message()))
                .sorted(Comparator.comparing(Problem.FieldError::field)).toList()));
    }

    @ServerExceptionMapper
    public Response venueNotFound(VenueNotFoundException e) {
        return ProblemResponses.respond(Problem.of("venue-not-found", "Venue not found", 404, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response performanceNotFound(PerformanceNotFoundException e) {
        return ProblemResponses.respond(Problem.of("performance-not-found", "Performance not found", 404, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response statusConflict(PerformanceStatusConflictException e) {
        return ProblemResponses.respond(Problem.of("performance-status-conflict", "Status change not allowed", 409, e.getMessage()));
    }
}
