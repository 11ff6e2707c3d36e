package dev.encore.catalog.domain;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

// written by hand into the cache and answered as cached JSON text: a native image must see it
@RegisterForReflection
public record PerformancePage(List<PerformanceView> items, int page, int size, long total) {
}
