package dev.encore.edge.routing;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One spelling per path: the edge decides on exactly the path its upstream routes. */
class CanonicalPathTest {

    @ParameterizedTest
    @ValueSource(strings = {"/", "/api/holds", "/api/holds/0b7c5d1e-6f3a-4c2b-9d8e-1a2b3c4d5e6f",
            "/api/performances/42/seats", "/.well-known/jwks.json", "/api/admin/jobs/closing/runs", "/a~b_c-d.e"})
    void everyPublicPathIsCanonical(String path) {
        assertTrue(CanonicalPath.isCanonical(path), path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "api/holds", "/api/holds/", "//api/holds", "/api//holds", "/api/./holds", "/api/holds/.",
            "/api/x/../holds", "/api/holds/..", "/./api/holds", "/api/%68olds", "/api/holds%2F", "/api%2Fholds",
            "/api/%2e%2e/holds", "/api/holds;jsessionid=1", "/api/holds\\", "/api/ho lds", "/api/holds%00",
            "/api/h\u00f6lds", "/api/holds?", "/api/holds#x"})
    void otherSpellingsAreNot(String path) {
        assertFalse(CanonicalPath.isCanonical(path), path);
    }
}
