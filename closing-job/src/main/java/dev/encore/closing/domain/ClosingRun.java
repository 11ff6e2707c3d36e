package dev.encore.closing.domain;

import java.time.Instant;

public record ClosingRun(long runId, RunTrigger trigger, Instant startedAt, Instant finishedAt, long closed, int chunks,
                         RunOutcome outcome, String error) {
}
