package dev.encore.booking.service;

import dev.encore.common.RedisScript;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import io.smallrye.faulttolerance.api.AsynchronousNonBlocking;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The seat locks in Redis. Keys share the hash tag of their performance ({@code {perf:42}:seat:A-1-1},
 * {@code {perf:42}:fence}) so that each script touches one slot and runs unchanged on Redis Cluster.
 * A lock's value is {@code <holdId>:<userId>:<fence>}: releasing compares it first, so nobody deletes a lock
 * that has since passed to someone else.
 */
// The timeout tells a hung Redis from a busy machine. Measured in SeatRaceTest's 2,000-request race on two shared
// cores (encore_seat_locks_acquire_seconds): healthy calls took 126 ms at the median, 520 ms at p99 and 624 ms at
// most, all of it queueing for the CPU and the event loop, not Redis; the old 1 s limit answered some of them 503.
// A dead Redis refuses connections and fails at once whatever the limit; once Redis has really failed, the open
// breaker answers at once.
@ApplicationScoped
@Timeout(value = SeatLocks.CALL_LIMIT_SECONDS, unit = ChronoUnit.SECONDS)
@CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 2, delayUnit = ChronoUnit.SECONDS)
public class SeatLocks {

    /** The time limit of every call to Redis here, in seconds. */
    static final long CALL_LIMIT_SECONDS = 3;
    static final Duration CALL_LIMIT = Duration.ofSeconds(CALL_LIMIT_SECONDS);
    private static final java.util.regex.Pattern HOLD_VALUE = java.util.regex.Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:[0-9]+");

    // All or nothing. The fence counter never goes backwards: a token is at least the server clock in microseconds,
    // so a counter that is missing (Redis restarted empty) or behind (a promoted replica that lost the last INCRs)
    // still yields a token above every one handed out before. Lua numbers are doubles: microseconds stay exact
    // below 2^53 (the year 2255).
    private static final RedisScript ACQUIRE = new RedisScript("""
            local taken = {}
            for i = 2, #KEYS do
              if redis.call('EXISTS', KEYS[i]) == 1 then taken[#taken + 1] = KEYS[i] end
            end
            if #taken > 0 then return {0, taken} end
            local now = redis.call('TIME')
            local clock = tonumber(now[1]) * 1000000 + tonumber(now[2])
            local fence = redis.call('INCR', KEYS[1])
            if fence < clock then
              fence = clock
              redis.call('SET', KEYS[1], string.format('%d', fence))
            end
            -- %d: Lua 5.1 would print a number this large as 1.76e+15, and the compare-and-delete would never match
            local owner = ARGV[1] .. ':' .. string.format('%d', fence)
            for i = 2, #KEYS do redis.call('SET', KEYS[i], owner, 'PX', ARGV[2]) end
            return {1, fence}
            """);

    // Deletes each key whose value is one of ARGV, or starts with one that ends with ':' (a hold's prefix: all its
    // fences, including one its owner never learnt because the reply of its acquire was lost).
    private static final RedisScript RELEASE = new RedisScript("""
            local released = 0
            for i = 1, #KEYS do
              local value = redis.call('GET', KEYS[i])
              if value then
                for j = 1, #ARGV do
                  local a = ARGV[j]
                  if value == a or (string.sub(a, -1) == ':' and string.sub(value, 1, #a) == a) then
                    redis.call('DEL', KEYS[i]); released = released + 1; break
                  end
                end
              end
            end
            return released
            """);

    // The sale replaces its hold's lock (any fence), or a lock that expired during the payment; a key that holds
    // anything else is left alone: it is not this sale's to overwrite (the reconciliation settles it from PostgreSQL).
    private static final RedisScript MARK_SOLD = new RedisScript("""
            local marked = 0
            for i = 1, #KEYS do
              local value = redis.call('GET', KEYS[i])
              if not value or string.sub(value, 1, #ARGV[2]) == ARGV[2] then
                redis.call('SET', KEYS[i], ARGV[1]); marked = marked + 1
              end
            end
            return marked
            """);

    // present while Redis holds every seat state; a Redis that restarted empty has lost it with the locks
    private static final String RESTORED_KEY = "booking:seat-states-restored";

    private final RedisDataSource redis;
    private final ReactiveRedisDataSource reactiveRedis;

    SeatLocks(RedisDataSource redis, ReactiveRedisDataSource reactiveRedis) {
        this.redis = redis;
        this.reactiveRedis = reactiveRedis;
    }

    /** Either every seat (with the fencing token) or the seats someone else holds. */
    public sealed interface Attempt {
        record Acquired(long fence) implements Attempt {
        }

        record Taken(List<String> seatIds) implements Attempt {
        }
    }

    // non-blocking: the losers of a storm are answered from the event loop, without a worker thread
    @AsynchronousNonBlocking
    public Uni<Attempt> acquire(long performanceId, List<String> seatIds, UUID holdId, UUID userId, Duration ttl) {
        List<String> args = new ArrayList<>();
        args.add(String.valueOf(seatIds.size() + 1));
        args.add(fenceKey(performanceId));
        seatIds.forEach(seat -> args.add(seatKey(performanceId, seat)));
        args.add(holdId + ":" + userId);
        args.add(String.valueOf(ttl.toMillis()));
        return ACQUIRE.run(reactiveRedis, args.toArray(String[]::new)).map(SeatLocks::attempt);
    }

    private static Attempt attempt(Response reply) {
        if (reply.get(0).toInteger() == 1) {
            return new Attempt.Acquired(reply.get(1).toLong());
        }
        List<String> taken = new ArrayList<>();
        for (Response key : reply.get(1)) {
            String name = key.toString();
            taken.add(name.substring(name.lastIndexOf(':') + 1));
        }
        return new Attempt.Taken(taken);
    }

    /** Deletes the seats' locks that still carry this value; returns how many it deleted. */
    public int release(long performanceId, List<String> seatIds, String expectedValue) {
        return runOnSeats(RELEASE, performanceId, seatIds, expectedValue).toInteger();
    }

    /**
     * Deletes the seats' locks that carry the hold's value, whatever its fence: what an acquire whose reply was lost
     * (a timeout) may have left behind, since its caller never learnt the fence. Returns how many it deleted.
     */
    public int releaseHold(long performanceId, List<String> seatIds, UUID holdId, UUID userId) {
        return runOnSeats(RELEASE, performanceId, seatIds, holdPrefix(holdId, userId)).toInteger();
    }

    /**
     * After a cancel: deletes the seats' locks that carry the sale's value or still its hold's (a markSold that has
     * not landed yet then finds nothing of its hold to replace). Returns how many it deleted.
     */
    public int releaseSale(long performanceId, List<String> seatIds, UUID holdId, UUID userId, UUID bookingId) {
        return runOnSeats(RELEASE, performanceId, seatIds, soldValue(bookingId), holdPrefix(holdId, userId)).toInteger();
    }

    /**
     * Sold seats keep their lock for good, so that Redis turns away every later holder without asking PostgreSQL.
     * Replaces only the hold's own lock or a missing one, never another owner's; returns how many seats it marked.
     */
    public int markSold(long performanceId, List<String> seatIds, UUID holdId, UUID userId, UUID bookingId) {
        return runOnSeats(MARK_SOLD, performanceId, seatIds, soldValue(bookingId), holdPrefix(holdId, userId)).toInteger();
    }

    private Response runOnSeats(RedisScript script, long performanceId, List<String> seatIds, String... values) {
        List<String> args = new ArrayList<>();
        args.add(String.valueOf(seatIds.size()));
        seatIds.forEach(seat -> args.add(seatKey(performanceId, seat)));
        args.addAll(List.of(values));
        return script.run(redis, args.toArray(String[]::new));
    }

    /**
     * Puts back one seat lock that Redis lost: a sale for good, a hold (never over a lock that is there) for the time
     * it has left.
     */
    public void restore(long performanceId, String seatId, String value, Duration timeLeft) {
        ValueCommands<String, String> values = redis.value(String.class);
        if (timeLeft == null) {
            values.set(seatKey(performanceId, seatId), value);
        } else {
            values.set(seatKey(performanceId, seatId), value, new SetArgs().nx().px(Math.max(1, timeLeft.toMillis())));
        }
    }

    /** The seat lock's time to live in milliseconds: -1 for a lock without one (a sale), -2 when there is none. */
    public long millisLeft(long performanceId, String seatId) {
        return redis.key(String.class).pttl(seatKey(performanceId, seatId));
    }

    /** Whether Redis still holds the seat states written since {@link #markRestored()}; false after it lost its data. */
    public boolean seatStatesPresent() {
        return redis.key(String.class).exists(RESTORED_KEY);
    }

    public void markRestored() {
        redis.value(String.class).set(RESTORED_KEY, "1");
    }

    public static String holdValue(UUID holdId, UUID userId, long fence) {
        return holdPrefix(holdId, userId) + fence;
    }

    // every lock value of one hold starts with this, whatever its fence
    private static String holdPrefix(UUID holdId, UUID userId) {
        return holdId + ":" + userId + ":";
    }

    /** Whether {@code value} has the shape of a hold's lock value, {@code <holdId>:<userId>:<fence>}. */
    public static boolean isHoldValue(String value) {
        return HOLD_VALUE.matcher(value).matches();
    }

    public static String soldValue(UUID bookingId) {
        return "sold:" + bookingId;
    }

    /** The lock value of each seat, in order; empty where the seat is free. */
    public List<Optional<String>> owners(long performanceId, List<String> seatIds) {
        String[] keys = seatIds.stream().map(seat -> seatKey(performanceId, seat)).toArray(String[]::new);
        Map<String, String> values = redis.value(String.class).mget(keys);
        List<Optional<String>> owners = new ArrayList<>(keys.length);
        for (String key : keys) {
            owners.add(Optional.ofNullable(values.get(key)));
        }
        return owners;
    }

    static String fenceKey(long performanceId) {
        return "{perf:" + performanceId + "}:fence";
    }

    static String seatKey(long performanceId, String seatId) {
        return "{perf:" + performanceId + "}:seat:" + seatId;
    }
}
