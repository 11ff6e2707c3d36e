package dev.encore.catalog.domain;

import java.util.List;

public record PerformancePage(List<PerformanceView> items, int page, int size, long total) {
}
