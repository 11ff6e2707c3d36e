package dev.encore.common;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.Arrays;

/**
 * Latency buckets for every service's {@code http.server.requests}, so that dashboards and alerts can take p50 and
 * p99 per route across replicas with PromQL's {@code histogram_quantile} over
 * {@code http_server_requests_seconds_bucket}. Fixed buckets (Micrometer's "service level objectives") from 5 ms to
 * 10 s: twelve series per route, method and status, where Micrometer's own percentile histogram would add about
 * seventy.
 */
public class HttpLatencyHistograms {

    /** The upper bounds, in seconds, of the buckets ({@code le}), besides {@code +Inf}. */
    public static final double[] BUCKET_SECONDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    /** Applied by Quarkus Micrometer to every meter as it is registered; only the HTTP server timer changes. */
    @Produces
    @Singleton
    MeterFilter httpServerBuckets() {
        // a timer's buckets are given in nanoseconds
        double[] nanos = Arrays.stream(BUCKET_SECONDS).map(seconds -> seconds * 1e9).toArray();
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().equals("http.server.requests")) {
                    return config;
                }
                return DistributionStatisticConfig.builder().serviceLevelObjectives(nanos).build().merge(config);
            }
        };
    }
}
