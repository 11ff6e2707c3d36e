package dev.encore.common;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyDirectoryTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(KeyDirectory.Algorithm.class)
    void aGeneratedKeyLoadsAgainWithTheSameKidAndVerifiesWithItsPublishedKey(KeyDirectory.Algorithm algorithm) throws Exception {
        KeyDirectory.Keys generated = KeyDirectory.load(dir, algorithm, true, "test.setting");
        KeyDirectory.Keys loaded = KeyDirectory.load(dir, algorithm, false, "test.setting");

        assertEquals(generated.signingKeyId(), loaded.signingKeyId());
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(KeyDirectory.SIGNING_KEY_FILE))));
        JsonWebKey published = loaded.publicKeys().findJsonWebKey(loaded.signingKeyId(), null, null, null);
        assertEquals(algorithm.jws(), published.getAlgorithm());
        assertFalse(loaded.publicJwks().contains("\"d\""), "the published set carries no private part");

        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload("hello");
        jws.setAlgorithmHeaderValue(algorithm.jws());
        jws.setKey(loaded.signingKey());
        JsonWebSignature check = new JsonWebSignature();
        check.setCompactSerialization(jws.getCompactSerialization());
        check.setKey(published.getKey());
        assertTrue(check.verifySignature());
    }

    @Test
    void missingFilesWithoutGenerationNameTheSetting() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> KeyDirectory.load(dir, KeyDirectory.Algorithm.ES256, false, "encore.tickets.key-directory"));
        assertTrue(e.getMessage().contains("encore.tickets.key-directory"), e.getMessage());
        assertFalse(Files.exists(dir.resolve(KeyDirectory.SIGNING_KEY_FILE)));
    }

    @Test
    void aJwksThatDoesNotPublishTheSigningKeyIsRefused() throws Exception {
        Path other = Files.createDirectory(dir.resolve("other"));
        Path mine = Files.createDirectory(dir.resolve("mine"));
        KeyDirectory.load(other, KeyDirectory.Algorithm.ES256, true, "s");
        KeyDirectory.load(mine, KeyDirectory.Algorithm.ES256, true, "s");
        Files.copy(other.resolve(KeyDirectory.JWKS_FILE), mine.resolve(KeyDirectory.JWKS_FILE),
                StandardCopyOption.REPLACE_EXISTING);

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> KeyDirectory.load(mine, KeyDirectory.Algorithm.ES256, false, "s"));
        assertTrue(e.getMessage().contains("does not publish the signing key"), e.getMessage());
    }

    @Test
    void aKeyOfAnotherAlgorithmIsRefused() {
        KeyDirectory.load(dir, KeyDirectory.Algorithm.RS256, true, "s");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> KeyDirectory.load(dir, KeyDirectory.Algorithm.ES256, false, "s"));
        assertTrue(e.getMessage().contains("not ES256 keys"), e.getMessage());
    }
}
