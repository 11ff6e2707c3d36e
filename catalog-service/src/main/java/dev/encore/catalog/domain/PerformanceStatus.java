package dev.encore.catalog.domain;

public enum PerformanceStatus {
    SCHEDULED,
    ON_SALE,
    CLOSED,
    CANCELLED
}
