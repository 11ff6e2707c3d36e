package dev.encore.catalog.domain;

public enum PerformanceStatus {
    SCHEDULED,
    ON_SALE,
    CLOSED,
    CANCELLED;

    public boolean isOpen() {
        return this == SCHEDULED || this == ON_SALE;
    }
}
