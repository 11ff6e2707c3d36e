package dev.encore.catalog.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.encore.catalog.domain.InvalidCatalogDataException;
import dev.encore.catalog.domain.InvalidCatalogDataException.Violation;
import dev.encore.catalog.domain.Performance;
import dev.encore.catalog.domain.PerformanceLayout;
import dev.encore.catalog.domain.PerformanceNotFoundException;
import dev.encore.catalog.domain.PerformancePage;
import dev.encore.catalog.domain.PerformanceStatus;
import dev.encore.catalog.domain.PerformanceStatusConflictException;
import dev.encore.catalog.domain.PerformanceView;
import dev.encore.catalog.domain.Section;
import dev.encore.catalog.domain.Venue;
import dev.encore.catalog.domain.VenueNotFoundException;
import dev.encore.catalog.repository.PerformanceRepository;
import dev.encore.catalog.repository.VenueRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

@ApplicationScoped
public class PerformanceService {

    private static final BigDecimal MAX_PRICE = new BigDecimal("1000000");

    private final PerformanceRepository performances;
    private final VenueRepository venues;
    private final PerformanceCache cache;
    private final PerformanceChanges changes;
    private final ObjectMapper json;

    PerformanceService(PerformanceRepository performances, VenueRepository venues, PerformanceCache cache,
                       PerformanceChanges changes, ObjectMapper json) {
        this.performances = performances;
        this.venues = venues;
        this.cache = cache;
        this.changes = changes;
        this.json = json;
    }

    public record NewPerformance(long venueId, String title, Instant startsAt, Instant endsAt,
                                 Optional<Instant> salesOpenAt, Optional<Instant> salesCloseAt,
                                 Map<String, BigDecimal> prices,
                                 Optional<String> currency, boolean queueEnabled) {
    }

    public record StatusChange(long id, PerformanceStatus status) {
    }

    public Performance create(NewPerformance request) {
        Performance created = QuarkusTransaction.requiringNew().call(() -> {
            Venue venue = venues.findByIdOptional(request.venueId())
                    .orElseThrow(() -> new VenueNotFoundException(request.venueId()));
            Instant salesOpenAt = request.salesOpenAt().orElseGet(Instant::now);
            Instant salesCloseAt = request.salesCloseAt().orElse(request.startsAt());
            String currency = request.currency().orElse("EUR");
            validate(request, venue, salesOpenAt, salesCloseAt, currency);
            Performance performance = Performance.schedule(venue, request.title().strip(), request.startsAt(),
                    request.endsAt(), salesOpenAt, salesCloseAt, request.prices(), currency, request.queueEnabled());
            performances.persist(performance);
            return performance;
        });
        cache.evictListings();
        return created;
    }

    /** The performance's public JSON, from the cache when it holds it. */
    public String detailJson(long id) {
        return cache.performance(id, () -> toJson(QuarkusTransaction.requiringNew().call(() -> PerformanceView.of(
                performances.findWithVenue(id).orElseThrow(() -> new PerformanceNotFoundException(id))))));
    }

    public String layoutJson(long id) {
        return cache.layout(id, () -> toJson(QuarkusTransaction.requiringNew().call(() -> PerformanceLayout.of(
                performances.findWithVenue(id).orElseThrow(() -> new PerformanceNotFoundException(id))))));
    }

    public String pageJson(PerformanceRepository.Filter filter, int page, int size) {
        return cache.listing(filter, page, size, () -> toJson(QuarkusTransaction.requiringNew().call(() -> {
            List<PerformanceView> items = performances.page(filter, page, size).stream().map(PerformanceView::of).toList();
            return new PerformancePage(items, page, size, performances.count(filter));
        })));
    }

    public StatusChange close(long id) {
        return changeStatus(id, PerformanceStatus.CLOSED, PerformanceStatus.CANCELLED);
    }

    public StatusChange cancel(long id) {
        return changeStatus(id, PerformanceStatus.CANCELLED, PerformanceStatus.CLOSED);
    }

    /** Puts on sale every scheduled performance whose sales window has opened. */
    public List<Long> openDueSales() {
        List<Long> opened = QuarkusTransaction.requiringNew().call(performances::openDueSales);
        changes.announce(opened);
        return opened;
    }

    private StatusChange changeStatus(long id, PerformanceStatus wanted, PerformanceStatus conflicting) {
        StatusChange change = QuarkusTransaction.requiringNew().call(() -> {
            Performance performance = performances.findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
                    .orElseThrow(() -> new PerformanceNotFoundException(id));
            if (performance.status == conflicting) {
                throw new PerformanceStatusConflictException(id, performance.status, wanted);
            }
            if (performance.status != wanted) {
                performance.status = wanted;
                performance.closedAt = Instant.now();
            }
            return new StatusChange(id, wanted);
        });
        changes.announce(List.of(id));
        return change;
    }

    private static void validate(NewPerformance request, Venue venue, Instant salesOpenAt, Instant salesCloseAt,
                                 String currency) {
        List<Violation> violations = new ArrayList<>();
        if (!request.endsAt().isAfter(request.startsAt())) {
            violations.add(new Violation("endsAt", "must be after startsAt"));
        }
        if (!salesOpenAt.isBefore(request.endsAt())) {
            violations.add(new Violation("salesOpenAt", "must be before endsAt"));
        }
        // the default (startsAt) is checked by endsAt's own rule, and may lie before a default opening of now:
        // that performance simply never sells
        if (request.salesCloseAt().isPresent() && salesCloseAt.isAfter(request.endsAt())) {
            violations.add(new Violation("salesCloseAt", "must not be after endsAt"));
        }
        if (request.salesCloseAt().isPresent() && !salesCloseAt.isAfter(salesOpenAt)) {
            violations.add(new Violation("salesCloseAt", "must be after salesOpenAt (which defaults to now)"));
        }
        if (!isCurrency(currency)) {
            violations.add(new Violation("currency", "is not an ISO 4217 currency code"));
        }
        Set<String> sections = venue.sections.stream().map(Section::name).collect(Collectors.toSet());
        venue.sections.stream().map(Section::name).filter(name -> !request.prices().containsKey(name))
                .forEach(name -> violations.add(new Violation("prices." + name, "is missing: every section needs a price")));
        request.prices().forEach((name, amount) -> {
            if (!sections.contains(name)) {
                violations.add(new Violation("prices." + name, "is not a section of venue " + venue.id));
            } else if (amount == null || amount.signum() < 0 || amount.compareTo(MAX_PRICE) > 0 || amount.scale() > 2) {
                violations.add(new Violation("prices." + name, "must be an amount from 0 to 1000000 with at most 2 decimals"));
            }
        });
        if (!violations.isEmpty()) {
            throw new InvalidCatalogDataException(violations);
        }
    }

    private static boolean isCurrency(String code) {
        try {
            return Currency.getInstance(code).getCurrencyCode().equals(code);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }
}
