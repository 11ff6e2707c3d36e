package dev.encore.user.service;

import dev.encore.user.config.JwtConfig;
import io.quarkus.runtime.Startup;
import io.smallrye.jwt.util.KeyUtils;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.lang.HashUtil;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * The RS256 key that signs access tokens and the public keys that verify them. The key directory holds
 * {@code signing-key.pem} and {@code jwks.json}; to rotate, add the new public key to jwks.json, switch the
 * signing key, and drop the old public key once the last token it signed has expired.
 */
@Startup
@ApplicationScoped
public class SigningKeys {

    static final String SIGNING_KEY_FILE = "signing-key.pem";
    static final String JWKS_FILE = "jwks.json";
    private static final Logger LOG = Logger.getLogger(SigningKeys.class);

    private final JwtConfig config;
    private PrivateKey signingKey;
    private String signingKeyId;
    private String publicJwks;

    SigningKeys(JwtConfig config) {
        this.config = config;
    }

    @PostConstruct
    void load() {
        Path directory = config.keyDirectory();
        Path keyFile = directory.resolve(SIGNING_KEY_FILE);
        Path jwksFile = directory.resolve(JWKS_FILE);
        if (!Files.exists(keyFile) && config.generateMissingKeys()) {
            generate(directory, keyFile, jwksFile);
        }
        if (!Files.isReadable(keyFile) || !Files.isReadable(jwksFile)) {
            throw new IllegalStateException("JWT signing keys missing: expected " + keyFile + " and " + jwksFile
                    + " (set encore.jwt.key-directory; see user-service/README.md)");
        }
        try {
            signingKey = KeyUtils.decodePrivateKey(Files.readString(keyFile));
            signingKeyId = thumbprint(publicKeyOf(signingKey));
            JsonWebKeySet published = new JsonWebKeySet(Files.readString(jwksFile));
            if (published.findJsonWebKeys(signingKeyId, null, null, null).isEmpty()) {
                throw new IllegalStateException("jwks.json does not publish the signing key (kid " + signingKeyId + ")");
            }
            publicJwks = published.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | JoseException e) {
            throw new IllegalStateException("JWT keys in " + directory + " are unreadable", e);
        }
    }

    public PrivateKey signingKey() {
        return signingKey;
    }

    public String signingKeyId() {
        return signingKeyId;
    }

    /** The JWKS document, public parts only. */
    public String publicJwks() {
        return publicJwks;
    }

    private static void generate(Path directory, Path keyFile, Path jwksFile) {
        try {
            Files.createDirectories(directory);
            KeyPair pair = KeyUtils.generateKeyPair(2048);
            String pem = "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
            Files.writeString(keyFile, pem);
            Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
            RsaJsonWebKey jwk = publicJwk((RSAPublicKey) pair.getPublic());
            Files.writeString(jwksFile, new JsonWebKeySet(List.of(jwk)).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
            LOG.infof("Generated a development JWT signing key in %s (kid %s)", directory, jwk.getKeyId());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write JWT keys to " + directory, e);
        } catch (GeneralSecurityException | JoseException e) {
            throw new IllegalStateException("Could not generate a JWT key pair", e);
        }
    }

    private static RSAPublicKey publicKeyOf(PrivateKey privateKey) throws GeneralSecurityException {
        if (!(privateKey instanceof RSAPrivateCrtKey rsa)) {
            throw new GeneralSecurityException("signing key is not an RSA private key");
        }
        return (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
    }

    private static RsaJsonWebKey publicJwk(RSAPublicKey publicKey) throws JoseException {
        RsaJsonWebKey jwk = new RsaJsonWebKey(publicKey);
        jwk.setKeyId(thumbprint(publicKey));
        jwk.setAlgorithm("RS256");
        jwk.setUse("sig");
        return jwk;
    }

    /** RFC 7638 thumbprint: the same key always gets the same kid, wherever it is loaded. */
    private static String thumbprint(RSAPublicKey publicKey) throws JoseException {
        return new RsaJsonWebKey(publicKey).calculateBase64urlEncodedThumbprint(HashUtil.SHA_256);
    }
}
