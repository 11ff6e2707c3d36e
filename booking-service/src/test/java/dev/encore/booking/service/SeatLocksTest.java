package dev.encore.booking.service;

import dev.encore.booking.BookingFixtures;
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
 * A hold's Lua script travels as its digest (EVALSHA), not as its text: Redis neither receives nor hashes the text
 * per hold. After Redis loses its script cache the next hold sends the text once, and holds go on.
 */
@QuarkusTest
class SeatLocksTest {

    @Inject
    RedisDataSource redis;

    @Test
    void holdsRunTheirScriptByDigestAndReloadItAfterTheScriptCacheIsFlushed() {
        long performance = BookingFixtures.performanceOnSale();
        redis.execute("SCRIPT", "FLUSH");
        BookingFixtures.hold(TestTokens.user(), performance, "A-9-1").then().statusCode(201);

        long texts = calls("eval");
        long digests = calls("evalsha");
        BookingFixtures.hold(TestTokens.user(), performance, "A-9-2").then().statusCode(201);

        assertEquals(texts, calls("eval"), "no script text sent again");
        assertTrue(calls("evalsha") > digests, "the hold ran its script by digest");
    }

    // calls of a command since Redis started, from INFO commandstats ("cmdstat_evalsha:calls=12,usec=...")
    private long calls(String command) {
        Matcher calls = Pattern.compile("cmdstat_" + command + ":calls=(\\d+)")
                .matcher(redis.execute("INFO", "commandstats").toString());
        return calls.find() ? Long.parseLong(calls.group(1)) : 0;
    }
}
