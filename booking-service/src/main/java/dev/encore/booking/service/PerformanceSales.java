package dev.encore.booking.service;

import dev.encore.booking.client.CatalogClient;
import dev.encore.booking.client.PerformanceDirectory;
import dev.encore.booking.domain.DependencyUnavailableException;
import dev.encore.booking.domain.PerformanceLayout;
import dev.encore.booking.domain.PerformanceNotFoundException;
import dev.encore.booking.domain.PerformanceStatusConflictException;
import dev.encore.booking.domain.SeatHold;
import dev.encore.booking.repository.JdbcTransactions;
import dev.encore.booking.repository.SalesWindowRepository;
import dev.encore.booking.repository.SalesWindowRepository.State;
import dev.encore.booking.repository.SeatHoldRepository;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;

/**
 * Closing and cancelling a performance's sales. booking-service stops the sales in its own database first, under
 * the performance's sales lock taken exclusively (so every hold and sale in flight either committed before or sees
 * the new state), releases the live holds, and only then has catalog-service record the status with the
 * administrator's token. A cancel's refunds start once catalog-service has recorded it; they are made by
 * {@link RefundRound}, one booking at a time, each under its booking's own refund key.
 */
@ApplicationScoped
public class PerformanceSales {

    private static final Logger LOG = Logger.getLogger(PerformanceSales.class);

    /** The answer to a close or cancel: {@code {id, status}} with status CLOSED or CANCELLED. */
    public record StatusChange(long id, String status) {
    }

    private final PerformanceDirectory performances;
    private final SalesWindowRepository salesWindows;
    private final SeatHoldRepository holds;
    private final HoldService holdService;
    private final SeatMapService seatMaps;
    private final CatalogClient catalog;
    private final JdbcTransactions jdbc;
    private final RefundRound refunds;

    PerformanceSales(PerformanceDirectory performances, SalesWindowRepository salesWindows, SeatHoldRepository holds,
                     HoldService holdService, SeatMapService seatMaps, CatalogClient catalog, JdbcTransactions jdbc,
                     RefundRound refunds) {
        this.performances = performances;
        this.salesWindows = salesWindows;
        this.holds = holds;
        this.holdService = holdService;
        this.seatMaps = seatMaps;
        this.catalog = catalog;
        this.jdbc = jdbc;
        this.refunds = refunds;
    }

    /**
     * Stops the sales for good (idempotent); bookings stay. {@code authorization} is the administrator's bearer
     * header, passed on to catalog-service.
     *
     * @throws PerformanceNotFoundException when catalog-service does not know the performance
     * @throws PerformanceStatusConflictException when it was cancelled
     * @throws DependencyUnavailableException when catalog-service could not record it; sales stay stopped here and
     *                                        the same call may be repeated
     */
    public StatusChange close(long performanceId, String authorization) {
        return stop(performanceId, State.CLOSED, authorization);
    }

    /** Stops the sales and refunds every confirmed booking (idempotent); as {@link #close}, 409 when closed. */
    public StatusChange cancel(long performanceId, String authorization) {
        return stop(performanceId, State.CANCELLED, authorization);
    }

    private StatusChange stop(long performanceId, State wanted, String authorization) {
        State other = wanted == State.CLOSED ? State.CANCELLED : State.CLOSED;
        // catalog-service's own word, not a cached one: closing-job closes ended performances there directly
        performances.evict(performanceId);
        PerformanceLayout layout = performances.freshStatus(performanceId);
        if (other.name().equals(layout.status())) {
            throw new PerformanceStatusConflictException(performanceId, layout.status(), wanted.name());
        }
        List<SeatHold> released = jdbc.run("Stopping the sales of performance " + performanceId, connection -> {
            State state = salesWindows.lockExclusive(connection, performanceId)
                    .orElseThrow(() -> new PerformanceNotFoundException(performanceId));
            if (state == other) {
                throw new PerformanceStatusConflictException(performanceId, state.name(), wanted.name());
            }
            if (state != wanted) {
                salesWindows.changeState(connection, performanceId, wanted);
            }
            return holds.releaseActive(connection, performanceId);
        });
        released.forEach(holdService::releaseLocks);
        seatMaps.forget(performanceId);
        tellCatalog(performanceId, wanted, other, authorization);
        performances.evict(performanceId);
        if (wanted == State.CANCELLED) {
            refunds.soon();
        }
        LOG.infof("Sales of performance %d %s; %d live holds released", performanceId, wanted, released.size());
        return new StatusChange(performanceId, wanted.name());
    }

    private void tellCatalog(long performanceId, State wanted, State other, String authorization) {
        try {
            catalog.recordSalesStop(performanceId, wanted == State.CANCELLED, authorization);
        } catch (CatalogClient.Conflict e) {
            // closing-job closed the ended performance in between: its status stands, here too
            salesWindows.adopt(performanceId, other);
            throw new PerformanceStatusConflictException(performanceId, other.name(), wanted.name());
        } catch (CatalogClient.NotFound e) {
            throw new PerformanceNotFoundException(performanceId);
        } catch (RuntimeException e) {
            throw new DependencyUnavailableException("catalog-service", Duration.ofSeconds(2), e);
        }
        salesWindows.markCatalogTold(performanceId);
    }
}
