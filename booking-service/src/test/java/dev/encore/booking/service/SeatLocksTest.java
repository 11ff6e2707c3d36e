package dev.encore.booking.service;

import dev.encore.booking.BookingFixtures;
import dev.encore.testsupport.InjectServer;
import dev.encore.testsupport.TestRedis;
import dev.encore.testsupport.TestTokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hold's Lua script. It travels as its digest (EVALSHA), not as its text: Redis neither receives nor hashes the
 * text per hold, and after Redis loses its script cache the next hold sends the text once, and holds go on. Its
 * fencing tokens never go backwards, even from a counter that is behind.
 */
@QuarkusTest
class SeatLocksTest {

    @Inject
    RedisDataSource redisClient;

    @InjectServer
    TestRedis redis;

    @Test
    void holdsRunTheirScriptByDigestAndReloadItAfterTheScriptCacheIsFlushed() {
        long performance = BookingFixtures.performanceOnSale();
        // on a cluster, the node that runs this performance's scripts
        int node = redis.portOf(SeatLocks.fenceKey(performance));
        assertEquals("+OK", TestRedis.commandAt(node, "SCRIPT FLUSH"));
        BookingFixtures.hold(TestTokens.user(), performance, "A-9-1").then().statusCode(201);

        long texts = calls(node, "eval");
        long digests = calls(node, "evalsha");
        BookingFixtures.hold(TestTokens.user(), performance, "A-9-2").then().statusCode(201);

        assertEquals(texts, calls(node, "eval"), "no script text sent again");
        assertTrue(calls(node, "evalsha") > digests, "the hold ran its script by digest");
    }

    @Test
    void aFenceCounterThatIsBehindStillGivesALargerToken() {
        long performance = BookingFixtures.performanceOnSale();
        BookingFixtures.hold(TestTokens.user(), performance, "A-9-3").then().statusCode(201);
        long first = fenceOf(performance, "A-9-3");

        // what a promoted Redis replica that missed the last INCRs holds: an older, smaller counter
        redisClient.value(String.class).set(SeatLocks.fenceKey(performance), "1");
        BookingFixtures.hold(TestTokens.user(), performance, "A-9-4").then().statusCode(201);

        long second = fenceOf(performance, "A-9-4");
        assertTrue(second > first, "fencing tokens never go backwards: " + first + " then " + second);
    }

    // the lock's value is <holdId>:<userId>:<fence>
    private long fenceOf(long performance, String seat) {
        String lock = redisClient.value(String.class).get(SeatLocks.seatKey(performance, seat));
        return Long.parseLong(lock.substring(lock.lastIndexOf(':') + 1));
    }

    // calls of a command since the node started, from INFO commandstats ("cmdstat_evalsha:calls=12,usec=...")
    private static long calls(int node, String command) {
        Matcher calls = Pattern.compile("cmdstat_" + command + ":calls=(\\d+)").matcher(TestRedis.bulkAt(node, "INFO commandstats"));
        return calls.find() ? Long.parseLong(calls.group(1)) : 0;
    }
}
