package dev.encore.closing.domain;

public class RunFailedException extends RuntimeException {

    private final long runId;

    public RunFailedException(long runId, Throwable cause) {
        super("Closing run " + runId + " failed: " + cause.getMessage(), cause);
        this.runId = runId;
    }

    public long runId() {
        return runId;
    }
}
