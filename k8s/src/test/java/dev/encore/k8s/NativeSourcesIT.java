package dev.encore.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What each service's native build hands GraalVM's native-image (built with {@code -Dnative-sources}:
 * {@code quarkus.native.sources-only}, so without native-image, which this machine lacks): the sources exist with
 * their arguments, and every encore class Jackson read or wrote during the service's tests
 * (test-support's JacksonTypeRecorder, {@code target/jackson-types.txt}) is registered for reflection with its
 * constructors, methods and fields. Without that a native image answers with a serialization error, or an empty
 * object, where the JVM answers JSON (GraalVM reachability metadata: only what is registered is reflectively
 * visible).
 */
class NativeSourcesIT {

    static final List<String> SERVICES = ManifestsTest.QUARKUS_SERVICES;
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @FieldSource("SERVICES")
    void everyClassJacksonTouchesIsRegisteredForReflection(String service) throws IOException {
        Path module = Kustomize.REPOSITORY.resolve(service);
        Path sources = module.resolve("target/native-sources");
        assertTrue(Files.isRegularFile(sources.resolve("native-image.args")), sources + " has no native-image.args");
        Path recorded = module.resolve("target/jackson-types.txt");
        assertTrue(Files.isRegularFile(recorded), recorded + " is missing: run " + service + "'s tests first");

        Map<String, JsonNode> registered = reflectionConfiguration(sources);
        Set<String> missing = new TreeSet<>();
        for (String type : new TreeSet<>(Files.readAllLines(recorded, StandardCharsets.UTF_8))) {
            if (type.isBlank() || !exists(type)) {
                continue; // recorded by an earlier run, since renamed or removed
            }
            JsonNode entry = registered.get(type);
            if (entry == null || !any(entry, "allDeclaredConstructors", "allPublicConstructors")
                    || !any(entry, "allDeclaredMethods", "allPublicMethods")
                    || !any(entry, "allDeclaredFields", "allPublicFields")) {
                missing.add(type);
            }
        }
        assertEquals(Set.of(), missing, service + ": Jackson reads or writes these, but the native image would not "
                + "let it see their properties (annotate them @RegisterForReflection)");
    }

    /** reflect-config.json of the runner jar in the native sources, by class name. */
    private static Map<String, JsonNode> reflectionConfiguration(Path sources) throws IOException {
        List<Path> runners = new ArrayList<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(sources, "*-runner.jar")) {
            jars.forEach(runners::add);
        }
        assertEquals(1, runners.size(), "one runner jar in " + sources);
        Map<String, JsonNode> byName = new HashMap<>();
        try (JarFile jar = new JarFile(runners.get(0).toFile())) {
            JarEntry entry = jar.getJarEntry("META-INF/native-image/reflect-config.json");
            assertNotNull(entry, runners.get(0) + " has no META-INF/native-image/reflect-config.json");
            readInto(byName, jar.getInputStream(entry));
        }
        return byName;
    }

    private static void readInto(Map<String, JsonNode> byName, InputStream stream) throws IOException {
        try (InputStream config = stream) {
            // a class may be registered more than once (by different build steps): its flags add up
            JSON.readTree(config).forEach(entry -> byName.merge(entry.path("name").asText(), entry,
                    (first, second) -> ((ObjectNode) first.deepCopy()).setAll((ObjectNode) second)));
        }
    }

    private static boolean any(JsonNode entry, String... flags) {
        for (String flag : flags) {
            if (entry.path(flag).asBoolean(false)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the class is still compiled in any module (a nested class is its outer class's file with a $). */
    private static boolean exists(String type) throws IOException {
        String file = type.replace('.', '/') + ".class";
        try (DirectoryStream<Path> modules = Files.newDirectoryStream(Kustomize.REPOSITORY, Files::isDirectory)) {
            for (Path module : modules) {
                if (Files.isRegularFile(module.resolve("target/classes").resolve(file))) {
                    return true;
                }
            }
        }
        return false;
    }
}
