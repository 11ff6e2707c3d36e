package dev.encore.user.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.encore.testsupport.InjectServer;
import dev.encore.testsupport.TestRedis;
import dev.encore.user.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A logged-out token stays revoked for as long as any verifier could still accept it: its exp plus the shared
 * clock-skew allowance. Access tokens live 2 s here and the allowance is 4 s, so the whole life of a token fits in
 * the test.
 */
@QuarkusTest
@TestProfile(RevocationLifetimeTest.ShortTokens.class)
class RevocationLifetimeTest {

    public static class ShortTokens implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("encore.jwt.access-token-ttl", "PT2S", "mp.jwt.verify.clock.skew", "4");
        }
    }

    @InjectServer
    TestRedis redis;

    @Test
    void aLoggedOutTokenStaysRevokedUntilNoVerifierAcceptsItAnyMore() throws InterruptedException {
        TestUsers.Tokens tokens = TestUsers.login(TestUsers.signUp());
        JsonNode claims = TestUsers.claims(tokens.accessToken());
        long exp = claims.get("exp").asLong();
        String user = "auth:revoked:{" + claims.get("sub").asText() + "}:";

        given().auth().oauth2(tokens.accessToken()).post("/api/auth/logout").then().statusCode(204);

        // a second past exp, inside the allowance: the verifier still takes the token, so its revocation must stand
        sleepUntil(exp + 1);
        given().auth().oauth2(tokens.accessToken()).get("/api/users/me").then().statusCode(200);
        assertLives(user + "jti:" + claims.get("jti").asText());
        assertLives(user + "sid:" + claims.get("sid").asText());

        // past exp plus the configured allowance (not the library's 60 s): refused by the verifier itself
        sleepUntil(exp + 5);
        given().auth().oauth2(tokens.accessToken()).get("/api/users/me").then().statusCode(401);
    }

    private void assertLives(String key) {
        long ttlMillis = Long.parseLong(redis.command("PTTL " + key).substring(1));
        assertTrue(ttlMillis > 0, key + " expired while its token is still accepted (PTTL " + ttlMillis + ")");
    }

    private static void sleepUntil(long epochSecond) throws InterruptedException {
        long millis = epochSecond * 1000 - System.currentTimeMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
