package dev.encore.testsupport;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.lang.HashUtil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Access tokens shaped like user-service's (RS256, iss, sub, upn, groups, jti, sid, kid), signed by a key pair
 * made for this test run, for services that only verify tokens. user-service's own tests use its real keys.
 */
public final class TestTokens {

    public static final String ISSUER = "urn:encore:user-service";
    static final String KID_PROPERTY = "encore.test.jwt.kid";

    private TestTokens() {
    }

    public static String admin() {
        return forUser(UUID.randomUUID().toString(), "USER", "ADMIN");
    }

    public static String user() {
        return forUser(UUID.randomUUID().toString(), "USER");
    }

    public static String forUser(String userId, String... roles) {
        return signed(userId, Instant.now().plusSeconds(300), roles);
    }

    /** A USER token whose expiry is already past (or still to come, for a positive {@code fromNow}). */
    public static String userExpiring(Duration fromNow) {
        return signed(UUID.randomUUID().toString(), Instant.now().plus(fromNow), "USER");
    }

    private static String signed(String userId, Instant expiresAt, String... roles) {
        String kid = ConfigProvider.getConfig().getValue(KID_PROPERTY, String.class);
        return Jwt.issuer(ISSUER).subject(userId).upn(userId + "@example.org").groups(Set.of(roles))
                .claim("jti", UUID.randomUUID().toString()).claim("sid", UUID.randomUUID().toString())
                .issuedAt(expiresAt.minusSeconds(300)).expiresAt(expiresAt).jws().keyId(kid).sign();
    }

    /** Writes a fresh key pair and its JWKS under {@code directory}; returns the config that points at them. */
    static Map<String, String> generateKeys(Path directory) {
        try {
            KeyPair pair = KeyUtils.generateKeyPair(2048);
            RsaJsonWebKey jwk = new RsaJsonWebKey((RSAPublicKey) pair.getPublic());
            jwk.setKeyId(jwk.calculateBase64urlEncodedThumbprint(HashUtil.SHA_256));
            jwk.setAlgorithm("RS256");
            Path jwks = directory.resolve("jwks.json");
            Files.writeString(jwks, new JsonWebKeySet(List.of(jwk)).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
            Path privateKey = directory.resolve("signing-key.pem");
            Files.writeString(privateKey, "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
            Map<String, String> config = new HashMap<>();
            config.put("mp.jwt.verify.publickey.location", jwks.toUri().toString());
            config.put("mp.jwt.verify.issuer", ISSUER);
            config.put("smallrye.jwt.sign.key.location", privateKey.toUri().toString());
            config.put(KID_PROPERTY, jwk.getKeyId());
            return config;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Could not make test signing keys", e);
        }
    }
}
