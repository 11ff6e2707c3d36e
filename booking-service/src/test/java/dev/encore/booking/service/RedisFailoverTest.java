package dev.encore.booking.service;

import dev.encore.booking.BookingFixtures;
import dev.encore.testsupport.InjectServer;
import dev.encore.testsupport.PostgresServer;
import dev.encore.testsupport.RedisCluster;
import dev.encore.testsupport.TestRedis;
import dev.encore.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redis Cluster failover under a hold storm: the primary that owns a performance's slot is killed while fans keep
 * asking for its seats, and its replica takes over. PostgreSQL still sells no seat twice, fencing tokens keep
 * growing across the failover (also when the promoted replica lost the counter's last writes), every answer in the
 * gap is a 503 with Retry-After within the call limit, and holds succeed again after it, also on a performance whose
 * slot another primary serves. Runs in scripts/test's
 * cluster suite ({@code -Dencore.test.redis=cluster}).
 */
@QuarkusTest
@TestProfile(RedisFailoverTest.ShortHolds.class)
@EnabledIfSystemProperty(named = TestRedis.KIND_PROPERTY, matches = "cluster")
class RedisFailoverTest {

    /** Holds of 2 s: seats come free all through the storm, so winners keep reaching PostgreSQL. */
    public static class ShortHolds implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("encore.booking.hold-ttl", "PT2S");
        }
    }

    private static final Logger LOG = Logger.getLogger(RedisFailoverTest.class);
    private static final int FANS = 12;

    @InjectServer
    TestRedis redis;

    @InjectServer
    PostgresServer postgres;

    record Answer(int status, long startedAt, long endedAt, String retryAfter, String holdId) {
    }

    @Test
    void aHoldStormOutlivesTheFailoverOfThePrimaryThatOwnsItsPerformance() throws Exception {
        RedisCluster cluster = (RedisCluster) redis;
        long performance = BookingFixtures.performanceOnSale();
        String fenceKey = SeatLocks.fenceKey(performance);
        // a second performance whose slot another primary serves: the failover must not stop its sales
        long elsewhere = BookingFixtures.performanceOnSale();
        while (cluster.portOf(SeatLocks.fenceKey(elsewhere)) == cluster.portOf(fenceKey)) {
            elsewhere = BookingFixtures.performanceOnSale();
        }
        long other = elsewhere;
        // weakly consistent: the storm is watched while the fans still add to it (a synchronized list's stream is not)
        Queue<Answer> answers = new ConcurrentLinkedQueue<>();
        Queue<Answer> otherAnswers = new ConcurrentLinkedQueue<>();
        AtomicBoolean stormGoesOn = new AtomicBoolean(true);
        ExecutorService fans = Executors.newFixedThreadPool(FANS + 2);
        for (int i = 0; i < FANS; i++) {
            fans.submit(() -> {
                while (stormGoesOn.get()) {
                    answers.add(hold(performance, randomSeat()));
                }
                return null;
            });
        }
        for (int i = 0; i < 2; i++) {
            fans.submit(() -> {
                while (stormGoesOn.get()) {
                    otherAnswers.add(hold(other, randomSeat()));
                }
                return null;
            });
        }

        Thread.sleep(2_000);
        long killedAt = System.nanoTime();
        int killed = cluster.killPrimaryOf(fenceKey);
        cluster.awaitFailover(fenceKey, killed);
        long failedOverAt = System.nanoTime();
        // the storm goes on until holds have succeeded again for 3 s (at most 30 s)
        long deadline = failedOverAt + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && answers.stream()
                .noneMatch(a -> a.status() == 201 && a.startedAt() > failedOverAt + TimeUnit.SECONDS.toNanos(3))) {
            Thread.sleep(100);
        }
        stormGoesOn.set(false);
        fans.shutdown();
        assertTrue(fans.awaitTermination(30, TimeUnit.SECONDS));

        List<Answer> all = List.copyOf(answers);
        Map<Integer, Long> byStatus = all.stream().collect(Collectors.groupingBy(Answer::status, Collectors.counting()));
        String summary = "answers by status " + byStatus + ", failover took "
                + TimeUnit.NANOSECONDS.toMillis(failedOverAt - killedAt) + " ms";
        assertTrue(all.stream().allMatch(a -> a.status() == 201 || a.status() == 409 || a.status() == 503), summary);
        for (Answer refused : all.stream().filter(a -> a.status() == 503).toList()) {
            assertNotNull(refused.retryAfter(), "a 503 without Retry-After; " + summary);
        }
        long slowest = all.stream().mapToLong(a -> a.endedAt() - a.startedAt()).max().orElseThrow();
        List<Long> refusals = all.stream().filter(a -> a.status() == 503)
                .map(a -> TimeUnit.NANOSECONDS.toMillis(a.endedAt() - a.startedAt())).sorted().toList();
        LOG.infof("Failover storm: %s, slowest answer %d ms, 503s in %s ms (median, max)", summary,
                TimeUnit.NANOSECONDS.toMillis(slowest), refusals.isEmpty() ? "-"
                        : refusals.get(refusals.size() / 2) + ", " + refusals.get(refusals.size() - 1));
        // within SeatLocks' call limit (3 s) and a margin for two shared cores: a hung call would take the fans' 30 s
        assertTrue(slowest < SeatLocks.CALL_LIMIT.plusSeconds(2).toNanos(),
                "slowest answer " + TimeUnit.NANOSECONDS.toMillis(slowest) + " ms; " + summary);
        assertTrue(all.stream().anyMatch(a -> a.status() == 201 && a.startedAt() < killedAt), summary);
        assertTrue(all.stream().anyMatch(a -> a.status() == 201 && a.startedAt() > failedOverAt), "no hold after the failover; " + summary);

        // the Vert.x cluster client (4.5) connects to every primary for each command: until it has read the new
        // topology, performances on the other primaries get 503s too (docs/operations.md, Redis Cluster)
        Map<Integer, Long> otherByStatus = otherAnswers.stream()
                .filter(a -> a.startedAt() > killedAt && a.startedAt() < failedOverAt)
                .collect(Collectors.groupingBy(Answer::status, Collectors.counting()));
        LOG.infof("Meanwhile on a performance of another primary: %s", otherByStatus);
        List<Answer> otherAll = List.copyOf(otherAnswers);
        assertTrue(otherAll.stream().allMatch(a -> a.status() == 201 || a.status() == 409
                || a.status() == 503 && a.retryAfter() != null), "a performance on another primary answered " + otherByStatus);
        assertTrue(otherAll.stream().anyMatch(a -> a.status() == 201 && a.startedAt() > failedOverAt),
                "a performance on another primary sold nothing after the failover: " + otherByStatus);

        Map<String, Long> fences = fencesByHold(performance);
        long lastBefore = all.stream().filter(a -> a.status() == 201 && a.startedAt() < killedAt)
                .mapToLong(a -> fences.get(a.holdId())).max().orElseThrow();
        long firstAfter = all.stream().filter(a -> a.status() == 201 && a.startedAt() > failedOverAt)
                .mapToLong(a -> fences.get(a.holdId())).min().orElseThrow();
        assertTrue(firstAfter > lastBefore, "fencing tokens went backwards: " + lastBefore + " then " + firstAfter);
        assertNoSeatHeldTwiceAtOnce(performance);

        // a promoted replica that missed the counter's last INCRs: the clock floor still puts the next token above
        long highest = fences.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        assertEquals("+OK", cluster.command("SET " + fenceKey + " 1"));
        Answer next = hold(performance, "B-10-10");
        for (int attempt = 0; next.status() != 201 && attempt < 20; attempt++) {
            Thread.sleep(200);
            next = hold(performance, "B-10-" + (1 + attempt % 9));
        }
        assertEquals(201, next.status());
        long afterLoss = fencesByHold(performance).get(next.holdId());
        assertTrue(afterLoss > highest, "a counter set back gave token " + afterLoss + " after " + highest);
        cluster.restart(killed);
    }

    private static String randomSeat() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return (random.nextBoolean() ? "A" : "B") + "-" + random.nextInt(1, 11) + "-" + random.nextInt(1, 11);
    }

    private static Answer hold(long performance, String seat) {
        String fan = TestTokens.forUser(UUID.randomUUID().toString(), "USER");
        long startedAt = System.nanoTime();
        Response response = BookingFixtures.hold(fan, performance, seat);
        return new Answer(response.statusCode(), startedAt, System.nanoTime(), response.header("Retry-After"),
                response.statusCode() == 201 ? response.path("holdId") : null);
    }

    private Map<String, Long> fencesByHold(long performance) throws Exception {
        Map<String, Long> fences = new HashMap<>();
        try (Connection connection = postgres.superuserConnection("encore_booking"); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id, fence FROM seat_hold WHERE performance_id = " + performance)) {
            while (rows.next()) {
                fences.put(rows.getString(1), rows.getLong(2));
            }
        }
        return fences;
    }

    /** Each seat's holds, in token order, follow each other: the next began after the last one's expiry. */
    private void assertNoSeatHeldTwiceAtOnce(long performance) throws Exception {
        try (Connection connection = postgres.superuserConnection("encore_booking"); Statement statement = connection.createStatement();
             ResultSet overlaps = statement.executeQuery("""
                     SELECT seat, count(*) FROM (
                       SELECT seat, created_at, lag(expires_at) OVER (PARTITION BY seat ORDER BY fence) AS previous_end
                       FROM seat_hold, unnest(seat_ids) AS seat WHERE performance_id = %d) AS h
                     WHERE created_at < previous_end GROUP BY seat""".formatted(performance))) {
            List<String> seats = new ArrayList<>();
            while (overlaps.next()) {
                seats.add(overlaps.getString(1) + " x" + overlaps.getLong(2));
            }
            assertEquals(List.of(), seats, "seats held by two live holds at once");
        }
    }
}
