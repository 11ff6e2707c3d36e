package dev.encore.closing.rest;

import dev.encore.closing.domain.ClosingRun;
import dev.encore.closing.domain.RunTrigger;
import dev.encore.closing.service.ClosingService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/api/admin/jobs/closing")
@RolesAllowed("ADMIN")
@Tag(name = "closing")
public class ClosingJobResource {

    private static final int RECENT_RUNS = 50;

    private final ClosingService closing;

    ClosingJobResource(ClosingService closing) {
        this.closing = closing;
    }

    /** Runs now and answers when done: 200 with the run, 409 while another run is active. */
    @POST
    public ClosingRun runNow() {
        return closing.run(RunTrigger.ON_DEMAND);
    }

    @GET
    @Path("/runs")
    public List<ClosingRun> recentRuns() {
        return closing.recentRuns(RECENT_RUNS);
    }
}
