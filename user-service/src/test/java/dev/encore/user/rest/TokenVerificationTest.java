package dev.encore.user.rest;

import dev.encore.user.TestUsers;
import dev.encore.user.service.SigningKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Every way a forged or stale token could reach {@code /me} is refused with 401. */
@QuarkusTest
class TokenVerificationTest {

    @Inject
    SigningKeys keys;

    @Test
    void validTokenIsAccepted() {
        assertMeAnswers(200, TestUsers.login(TestUsers.signUp()).accessToken());
    }

    @Test
    void tamperedPayloadIsRefused() {
        String token = TestUsers.login(TestUsers.signUp()).accessToken();
        String[] parts = token.split("\\.");
        String forgedClaims = TestUsers.claims(token).toString().replace("\"USER\"", "\"ADMIN\"");
        assertMeAnswers(401, parts[0] + "." + base64Url(forgedClaims) + "." + parts[2]);
    }

    @Test
    void unsignedAlgNoneTokenIsRefused() {
        String token = TestUsers.login(TestUsers.signUp()).accessToken();
        String payload = token.split("\\.")[1];
        assertMeAnswers(401, base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + payload + ".");
    }

    @Test
    void expiredTokenIsRefused() {
        Instant longAgo = Instant.now().minusSeconds(3600);
        assertMeAnswers(401, signedByUs("urn:encore:user-service", longAgo, longAgo.plusSeconds(300)));
    }

    @Test
    void wrongIssuerIsRefused() {
        assertMeAnswers(401, signedByUs("urn:someone-else", Instant.now(), Instant.now().plusSeconds(300)));
    }

    @Test
    void tokenSignedByAnotherKeyIsRefused() throws GeneralSecurityException {
        String token = claims("urn:encore:user-service", Instant.now(), Instant.now().plusSeconds(300))
                .jws().keyId(keys.signingKeyId()).sign(KeyUtils.generateKeyPair(2048).getPrivate());
        assertMeAnswers(401, token);
    }

    private String signedByUs(String issuer, Instant issuedAt, Instant expiresAt) {
        return claims(issuer, issuedAt, expiresAt).jws().keyId(keys.signingKeyId()).sign(keys.signingKey());
    }

    private static io.smallrye.jwt.build.JwtClaimsBuilder claims(String issuer, Instant issuedAt, Instant expiresAt) {
        return Jwt.issuer(issuer).subject(UUID.randomUUID().toString()).upn("forger@example.org")
                .groups(Set.of("USER", "ADMIN")).claim("jti", UUID.randomUUID().toString())
                .claim("sid", UUID.randomUUID().toString()).issuedAt(issuedAt).expiresAt(expiresAt);
    }

    private static void assertMeAnswers(int status, String token) {
        given().auth().oauth2(token).get("/api/users/me").then().statusCode(status);
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
