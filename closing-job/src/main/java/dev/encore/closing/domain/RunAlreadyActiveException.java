package dev.encore.closing.domain;

public class RunAlreadyActiveException extends RuntimeException {

    public RunAlreadyActiveException() {
        super("A closing run is already active (on this or another replica)");
    }
}
