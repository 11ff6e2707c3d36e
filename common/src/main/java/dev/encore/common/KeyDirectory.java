package dev.encore.common;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.HashUtil;
import org.jose4j.lang.JoseException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * A signing key kept as two files in one directory: {@code signing-key.pem}, the private key (PKCS#8, PEM), and
 * {@code jwks.json}, a JWK Set (RFC 7517) of every public key still accepted, the signing key's among them. Each key's
 * {@code kid} is its RFC 7638 thumbprint (SHA-256), so a key has the same id wherever it is loaded. To rotate: add the
 * new public key to jwks.json, switch signing-key.pem, restart, and drop the old public key once nothing it signed is
 * still in use. Used for user-service's access tokens (RS256) and booking-service's ticket codes (ES256).
 */
public final class KeyDirectory {

    public static final String SIGNING_KEY_FILE = "signing-key.pem";
    public static final String JWKS_FILE = "jwks.json";
    private static final Logger LOG = Logger.getLogger(KeyDirectory.class);

    /** The JWS algorithms (RFC 7518 section 3.1) a directory may hold keys for. */
    public enum Algorithm {
        /** RSASSA-PKCS1-v1_5 with SHA-256, 2048-bit keys. */
        RS256(AlgorithmIdentifiers.RSA_USING_SHA256, "RSA"),
        /** ECDSA on P-256 with SHA-256. */
        ES256(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, "EC");

        private final String jws;
        private final String keyFactory;

        Algorithm(String jws, String keyFactory) {
            this.jws = jws;
            this.keyFactory = keyFactory;
        }

        /** The {@code alg} header value. */
        public String jws() {
            return jws;
        }
    }

    /**
     * The loaded keys: the private key that signs, its kid, and the published set.
     *
     * @param publicKeys every public key still accepted (public parts only)
     */
    public record Keys(PrivateKey signingKey, String signingKeyId, JsonWebKeySet publicKeys) {

        /** The JWK Set document, public parts only. */
        public String publicJwks() {
            return publicKeys.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        }
    }

    private KeyDirectory() {
    }

    /**
     * Reads the directory's key pair, first generating one when the directory has no signing key and
     * {@code generateMissing} is set (dev and test only).
     *
     * @param setting the configuration property that names the directory, quoted in the errors
     * @throws IllegalStateException when a file is missing or unreadable, the key is not one of {@code algorithm}, or
     *                               jwks.json does not publish the signing key
     */
    public static Keys load(Path directory, Algorithm algorithm, boolean generateMissing, String setting) {
        Path keyFile = directory.resolve(SIGNING_KEY_FILE);
        Path jwksFile = directory.resolve(JWKS_FILE);
        if (!Files.exists(keyFile) && generateMissing) {
            generate(directory, algorithm, keyFile, jwksFile);
        }
        if (!Files.isReadable(keyFile) || !Files.isReadable(jwksFile)) {
            throw new IllegalStateException("Signing keys missing: expected " + keyFile + " and " + jwksFile + " (set " + setting + ")");
        }
        try {
            PrivateKey signingKey = KeyFactory.getInstance(algorithm.keyFactory)
                    .generatePrivate(new PKCS8EncodedKeySpec(pemBody(Files.readString(keyFile))));
            JsonWebKeySet published = new JsonWebKeySet(Files.readString(jwksFile));
            String kid = publishedKeyOf(signingKey, algorithm, published);
            return new Keys(signingKey, kid, new JsonWebKeySet(published.getJsonWebKeys()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | JoseException | IllegalArgumentException e) {
            throw new IllegalStateException("The keys in " + directory + " are unreadable or not " + algorithm + " keys: " + e.getMessage(), e);
        }
    }

    // the published key that verifies what the private key signs: this pairs them without deriving a public key
    private static String publishedKeyOf(PrivateKey signingKey, Algorithm algorithm, JsonWebKeySet published) throws JoseException {
        JsonWebSignature probe = new JsonWebSignature();
        probe.setPayload("probe");
        probe.setAlgorithmHeaderValue(algorithm.jws());
        probe.setKey(signingKey);
        String signed = probe.getCompactSerialization();
        for (JsonWebKey candidate : published.getJsonWebKeys()) {
            // a JWK's kty (RFC 7518 section 6.1) is the JCA key factory's name: RSA or EC
            if (candidate instanceof PublicJsonWebKey key && algorithm.keyFactory.equals(key.getKeyType())) {
                JsonWebSignature check = new JsonWebSignature();
                check.setCompactSerialization(signed);
                check.setKey(key.getPublicKey());
                if (check.verifySignature()) {
                    if (key.getKeyId() == null) {
                        throw new JoseException("the signing key's entry in jwks.json has no kid");
                    }
                    return key.getKeyId();
                }
            }
        }
        throw new JoseException("jwks.json does not publish the signing key");
    }

    private static void generate(Path directory, Algorithm algorithm, Path keyFile, Path jwksFile) {
        try {
            if (!Files.isDirectory(directory)) {
                // only this service's user may list or read what it is about to write there
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm.keyFactory);
            if (algorithm == Algorithm.RS256) {
                generator.initialize(2048);
            } else {
                generator.initialize(EllipticCurves.P256);
            }
            KeyPair pair = generator.generateKeyPair();
            String pem = "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
            Files.writeString(keyFile, pem);
            Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
            PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(pair.getPublic());
            jwk.setKeyId(jwk.calculateBase64urlEncodedThumbprint(HashUtil.SHA_256));
            jwk.setAlgorithm(algorithm.jws());
            jwk.setUse("sig");
            Files.writeString(jwksFile, new JsonWebKeySet(List.of(jwk)).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
            LOG.infof("Generated a development %s signing key in %s (kid %s)", algorithm, directory, jwk.getKeyId());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write signing keys to " + directory, e);
        } catch (GeneralSecurityException | JoseException e) {
            throw new IllegalStateException("Could not generate a " + algorithm + " key pair", e);
        }
    }

    private static byte[] pemBody(String pem) {
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").strip());
    }
}
