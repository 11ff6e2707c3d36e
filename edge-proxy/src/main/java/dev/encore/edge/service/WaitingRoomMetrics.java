package dev.encore.edge.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Each waiting room as this edge replica last saw it in Redis, per performance:
 * {@code encore_waiting_room_numbers{performance}}, the fans given a number (the lobby's draw and the arrivals
 * after opening), and {@code encore_waiting_room_admitted{performance}}, how many of those numbers are let in. The
 * room's length is their difference; every replica reads the same room, so the maximum over replicas is its latest
 * state. A room nobody asked about for the room's lifetime (the queue TTL) is dropped.
 */
@Singleton
public class WaitingRoomMetrics {

    private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);

    private record Room(AtomicLong numbers, AtomicLong admitted, AtomicLong seenAtMillis, List<Gauge> gauges) {
    }

    private final MeterRegistry registry;
    private final Map<Long, Room> rooms = new ConcurrentHashMap<>();
    private final AtomicLong lastSweepMillis = new AtomicLong(System.currentTimeMillis());

    WaitingRoomMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Records a room's state from one answer of Redis.
     *
     * @param numbers  fans given a number so far
     * @param admitted numbers admitted so far (admission may run ahead of the numbers given: capped at them here)
     * @param idleTtl  how long an unasked room lives in Redis
     */
    void record(long performanceId, long numbers, long admitted, Duration idleTtl) {
        long now = System.currentTimeMillis();
        Room room = rooms.computeIfAbsent(performanceId, this::register);
        room.numbers().set(numbers);
        room.admitted().set(Math.min(admitted, numbers));
        room.seenAtMillis().set(now);
        long lastSweep = lastSweepMillis.get();
        if (now - lastSweep >= SWEEP_EVERY.toMillis() && lastSweepMillis.compareAndSet(lastSweep, now)) {
            rooms.entrySet().removeIf(entry -> {
                boolean idle = now - entry.getValue().seenAtMillis().get() > idleTtl.toMillis();
                if (idle) {
                    entry.getValue().gauges().forEach(registry::remove);
                }
                return idle;
            });
        }
    }

    private Room register(long performanceId) {
        AtomicLong numbers = new AtomicLong();
        AtomicLong admitted = new AtomicLong();
        String performance = Long.toString(performanceId);
        List<Gauge> gauges = List.of(
                Gauge.builder("encore.waiting.room.numbers", numbers, AtomicLong::doubleValue)
                        .description("Fans given a number in the performance's waiting room").tag("performance", performance)
                        .register(registry),
                Gauge.builder("encore.waiting.room.admitted", admitted, AtomicLong::doubleValue)
                        .description("Numbers let in from the performance's waiting room").tag("performance", performance)
                        .register(registry));
        return new Room(numbers, admitted, new AtomicLong(), gauges);
    }
}
