package dev.encore.user.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.encore.testsupport.InjectServer;
import dev.encore.testsupport.TestRedis;
import dev.encore.user.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A Redis that restarted empty gets the revocation list back from PostgreSQL: a logout does not come undone. */
@QuarkusTest
class RevocationRestorerTest {

    @InjectServer
    TestRedis redis;

    @Test
    void aLoggedOutSessionIsRevokedAgainAfterRedisLosesItsData() throws InterruptedException {
        TestUsers.Tokens tokens = TestUsers.login(TestUsers.signUp());
        JsonNode claims = TestUsers.claims(tokens.accessToken());
        given().auth().oauth2(tokens.accessToken()).post("/api/auth/logout").then().statusCode(204);
        String session = "auth:revoked:{" + claims.get("sub").asText() + "}:sid:" + claims.get("sid").asText();

        redis.startAgain();

        Instant deadline = Instant.now().plusSeconds(20);
        while (!":1".equals(redis.command("EXISTS " + session))) {
            assertTrue(Instant.now().isBefore(deadline), "the session's revocation was not restored");
            Thread.sleep(200);
        }
        long ttlMillis = Long.parseLong(redis.command("PTTL " + session).substring(1));
        // what is left of the 300 s token lifetime, plus the 30 s allowance
        assertTrue(ttlMillis > 290_000 && ttlMillis <= 330_000, "restored for the tokens' remaining life: PTTL " + ttlMillis);
    }
}
