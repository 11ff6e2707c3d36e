package dev.encore.closing.rest;

import dev.encore.closing.domain.ClosingRun;
import dev.encore.closing.domain.RunTrigger;
import dev.encore.closing.repository.ClosingRunRepository;
import dev.encore.closing.service.ClosingService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.sql.SQLException;
import java.util.List;

@Path("/api/admin/jobs/closing")
@RolesAllowed("ADMIN")
@Tag(name = "closing")
public class ClosingJobResource {

    private static final int RECENT_RUNS = 50;

    private final ClosingService closing;
    private final ClosingRunRepository runs;

    ClosingJobResource(ClosingService closing, ClosingRunRepository runs) {
        this.closing = closing;
        this.runs = runs;
    }

    /** Runs now and answers when done: 200 with the run, 409 while another run is active. */
    @POST
    public ClosingRun runNow() {
        return closing.run(RunTrigger.ON_DEMAND);
    }

    @GET
    @Path("/runs")
    public List<ClosingRun> recentRuns() throws SQLException {
        return runs.recent(RECENT_RUNS);
    }
}
