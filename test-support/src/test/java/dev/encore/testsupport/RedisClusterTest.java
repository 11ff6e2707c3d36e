package dev.encore.testsupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cluster the cluster suite runs on: three primaries, keys routed by slot, a killed primary's replica takes over. */
class RedisClusterTest {

    private static RedisCluster cluster;

    @BeforeAll
    static void start() {
        cluster = RedisCluster.start();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void keysAreSpreadOverThreePrimariesAndReachedThroughAnyNode() {
        assertEquals(3, cluster.primaries().size());
        // {perf:1}, {perf:2}, {perf:3} hash to slots 13805, 1422 and 5551 (CLUSTER KEYSLOT): one in each third
        List<Integer> owners = List.of(cluster.portOf("{perf:1}:fence"), cluster.portOf("{perf:2}:fence"),
                cluster.portOf("{perf:3}:fence"));
        assertEquals(3, owners.stream().distinct().count(), "owners " + owners);
        for (int i = 1; i <= 3; i++) {
            assertEquals("+OK", cluster.command("SET {perf:" + i + "}:fence " + i));
            assertEquals(":" + (i + 1), cluster.command("INCR {perf:" + i + "}:fence"));
        }
        assertTrue(cluster.clientConfig().get("quarkus.redis.hosts").split(",").length == 6);
    }

    @Test
    void aKilledPrimarysReplicaTakesOverItsSlotsWithTheReplicatedData() {
        int owner = cluster.portOf("{perf:9}:kept");
        // WAIT on the writing connection: this write has reached the replica before the primary dies (Redis docs,
        // WAIT); it returns as soon as the replica acknowledges, the timeout only bounds a replica still syncing
        assertEquals(List.of("+OK", ":1"), TestRedis.commandsAt(owner, Duration.ofSeconds(15),
                "SET {perf:9}:kept yes", "WAIT 1 10000"), () -> TestRedis.bulkAt(owner, "INFO replication"));
        int killed = cluster.killPrimaryOf("{perf:9}:kept");
        cluster.awaitFailover("{perf:9}:kept", killed);
        assertNotEquals(killed, cluster.portOf("{perf:9}:kept"));
        assertEquals(":1", cluster.command("EXISTS {perf:9}:kept"));

        cluster.restart(killed);
        assertEquals(3, cluster.primaries().size());
    }
}
