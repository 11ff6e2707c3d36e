package dev.encore.closing.domain;

public enum RunOutcome {
    RUNNING,
    SUCCEEDED,
    FAILED,
    /** Found RUNNING by a later run: its process died mid-run; the later run finished the work. */
    ABANDONED
}
