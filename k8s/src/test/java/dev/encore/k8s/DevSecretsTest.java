package dev.encore.k8s;

import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.HashUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code k8s/overlays/dev/make-secrets} writes what the services accept: user-service's signing key in PKCS#8 with a
 * jwks.json whose kid is the key's RFC 7638 thumbprint (what encore-common's KeyDirectory checks at start-up),
 * booking-service's ES256 ticket key with its own, a
 * password per role, and a certificate for Envoy; run twice, it keeps what exists.
 */
class DevSecretsTest {

    @TempDir
    Path secrets;

    @Test
    void theSigningKeyIsPublishedUnderItsThumbprintAndEveryRoleHasAPassword() throws Exception {
        Path script = Kustomize.REPOSITORY.resolve("k8s/overlays/dev/make-secrets");
        Command.run(List.of(script.toString(), secrets.toString()));

        String pem = Files.readString(secrets.resolve("signing-key.pem"));
        assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----"), "PKCS#8");
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
        String thumbprint = new RsaJsonWebKey(publicKey).calculateBase64urlEncodedThumbprint(HashUtil.SHA_256);
        RsaJsonWebKey published = (RsaJsonWebKey) new JsonWebKeySet(Files.readString(secrets.resolve("jwks.json")))
                .findJsonWebKeys(thumbprint, null, null, null).get(0);
        assertEquals(key.getModulus(), published.getRsaPublicKey().getModulus());
        assertEquals("RS256", published.getAlgorithm());

        String ticketPem = Files.readString(secrets.resolve("ticket-signing-key.pem"));
        PrivateKey ticketKey = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(
                Base64.getMimeDecoder().decode(ticketPem.replaceAll("-----[A-Z ]+-----", ""))));
        EllipticCurveJsonWebKey ticketJwk = (EllipticCurveJsonWebKey) new JsonWebKeySet(
                Files.readString(secrets.resolve("ticket-jwks.json"))).getJsonWebKeys().get(0);
        assertEquals(ticketJwk.calculateBase64urlEncodedThumbprint(HashUtil.SHA_256), ticketJwk.getKeyId());
        assertEquals("ES256", ticketJwk.getAlgorithm());
        JsonWebSignature signed = new JsonWebSignature();
        signed.setPayload("ticket");
        signed.setAlgorithmHeaderValue("ES256");
        signed.setKey(ticketKey);
        JsonWebSignature verified = new JsonWebSignature();
        verified.setCompactSerialization(signed.getCompactSerialization());
        verified.setKey(ticketJwk.getPublicKey());
        assertTrue(verified.verifySignature(), "ticket-jwks.json publishes the ticket key's public half");

        for (String role : List.of("user-service-db", "catalog-service-db", "booking-service-db", "closing-job-db")) {
            Properties credentials = properties(secrets.resolve(role + ".env"));
            assertEquals("encore_" + role.substring(0, role.indexOf('-')), credentials.getProperty("username"), role);
            assertTrue(credentials.getProperty("password").length() >= 24, role);
        }
        try (InputStream certificate = Files.newInputStream(secrets.resolve("tls.crt"))) {
            X509Certificate tls = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(certificate);
            assertTrue(tls.getSubjectX500Principal().getName().contains("encore.localhost"));
        }

        String before = Files.readString(secrets.resolve("booking-service-db.env"));
        Command.run(List.of(script.toString(), secrets.toString()));
        assertEquals(before, Files.readString(secrets.resolve("booking-service-db.env")), "a second run keeps the secrets");
        assertEquals(pem, Files.readString(secrets.resolve("signing-key.pem")));
        assertEquals(ticketPem, Files.readString(secrets.resolve("ticket-signing-key.pem")));
    }

    private static Properties properties(Path file) throws Exception {
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties;
    }
}
