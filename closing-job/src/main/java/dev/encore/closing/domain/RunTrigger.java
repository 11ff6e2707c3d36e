package dev.encore.closing.domain;

public enum RunTrigger {
    SCHEDULED,
    ON_DEMAND
}
