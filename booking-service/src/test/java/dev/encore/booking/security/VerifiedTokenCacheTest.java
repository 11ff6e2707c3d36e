package dev.encore.booking.security;

import dev.encore.booking.BookingFixtures;
import dev.encore.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;

/** Remembering verified tokens must never accept a token that verification would refuse, nor mix up callers. */
@QuarkusTest
class VerifiedTokenCacheTest {

    @Test
    void aRememberedTokenWithAnotherSignatureIsRefused() {
        String token = TestTokens.user();
        given().auth().oauth2(token).get("/api/bookings").then().statusCode(200);
        given().auth().oauth2(token).get("/api/bookings").then().statusCode(200);

        String forged = token.substring(0, token.lastIndexOf('.') + 1) + new StringBuilder(signatureOf(token)).reverse();
        given().auth().oauth2(forged).get("/api/bookings").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void anExpiredTokenIsRefused() {
        given().auth().oauth2(TestTokens.userExpiring(Duration.ofMinutes(-2))).get("/api/bookings").then().statusCode(401);
    }

    @Test
    void theClockSkewAllowanceIsTheOneEveryServiceShares() {
        // 30 s (encore-common), not the library's 60 s: user-service keeps revocations exactly that long past exp
        given().auth().oauth2(TestTokens.userExpiring(Duration.ofSeconds(-10))).get("/api/bookings").then().statusCode(200);
        given().auth().oauth2(TestTokens.userExpiring(Duration.ofSeconds(-40))).get("/api/bookings").then().statusCode(401);
    }

    @Test
    void rememberedTokensKeepTheirOwnCaller() {
        long performance = BookingFixtures.performanceOnSale();
        String owner = TestTokens.user();
        String other = TestTokens.user();
        given().auth().oauth2(other).get("/api/bookings").then().statusCode(200);
        String hold = BookingFixtures.holdId(owner, performance, "A-1-1");

        // both tokens are remembered by now: each must still act as its own user
        given().auth().oauth2(other).delete("/api/holds/" + hold).then().statusCode(404);
        given().auth().oauth2(owner).delete("/api/holds/" + hold).then().statusCode(204);
    }

    private static String signatureOf(String token) {
        return token.substring(token.lastIndexOf('.') + 1);
    }
}
