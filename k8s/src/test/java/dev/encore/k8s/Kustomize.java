package dev.encore.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Renders a kustomization with {@code kubectl kustomize} (kustomize v5, offline) and reads every object into
 * fabric8's Kubernetes model. The repository's {@code k8s/} and {@code envoy/} are first copied under
 * {@code target/render}, where the dev overlay's secrets are generated, so nothing is written to the source tree.
 */
final class Kustomize {

    static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final Path COPY = Path.of("target", "render").toAbsolutePath();
    private static final KubernetesSerialization MODEL = new KubernetesSerialization();
    private static boolean copied;

    private Kustomize() {
    }

    /** Every object of {@code k8s/<kustomization>} (say "overlays/prod"), as kubectl renders it. */
    static synchronized List<HasMetadata> render(String kustomization) {
        copyOnce();
        String yaml = Command.run(List.of("kubectl", "kustomize", COPY.resolve("k8s").resolve(kustomization).toString()));
        return read(yaml);
    }

    /** The YAML documents of {@code yaml} as fabric8 objects; a kind fabric8 does not know fails. */
    static List<HasMetadata> read(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = new YAMLMapper().readerFor(JsonNode.class).readValues(yaml)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document == null || document.isEmpty()) {
                    continue;
                }
                HasMetadata object = MODEL.convertValue(document, HasMetadata.class);
                if (object instanceof GenericKubernetesResource) {
                    throw new AssertionError("no model class for " + document.path("apiVersion").asText() + " "
                            + document.path("kind").asText() + " " + document.path("metadata").path("name").asText());
                }
                objects.add(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return objects;
    }

    private static void copyOnce() {
        if (copied) {
            return;
        }
        try {
            deleteTree(COPY);
            for (String folder : List.of("k8s", "envoy")) {
                copyTree(REPOSITORY.resolve(folder), COPY.resolve(folder));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Command.run(List.of(COPY.resolve("k8s/overlays/dev/make-secrets").toString()));
        copied = true;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path relative = from.relativize(path);
                if (relative.startsWith("target") || relative.startsWith("src") || relative.startsWith("overlays/dev/secrets")) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
