package dev.encore.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One image, copied out of a registry into an OCI layout with skopeo and unpacked with umoci into an OCI runtime
 * bundle: its root filesystem and the process its configuration starts (entrypoint, environment, working directory,
 * user), as a container runtime would read them (OCI image spec, "config" → runtime spec "process").
 *
 * @param reference     the image pulled, {@code registry/repository:tag}
 * @param rootfs        the unpacked root filesystem
 * @param args          the process's arguments (the image's entrypoint and command)
 * @param environment   the image's environment, in order
 * @param workingDirectory the process's working directory inside the image
 * @param uid           the user the process runs as
 * @param gid           its group
 * @param labels        the image's labels
 * @param compressedBytes the sum of the image's layer sizes as stored and pulled (gzip)
 */
record ContainerImage(String reference, Path rootfs, List<String> args, Map<String, String> environment,
                      String workingDirectory, int uid, int gid, Map<String, String> labels, long compressedBytes) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Copies {@code reference} from a registry reached over plain HTTP into the OCI layout {@code layout} (shared by
     * every image, so the base's layers are stored once) and unpacks it into {@code bundles/<name>}.
     */
    static ContainerImage pull(String reference, String name, Path layout, Path bundles) {
        Path bundle = bundles.resolve(name);
        Command.run(List.of("rm", "-rf", bundle.toString()));
        Command.run(List.of("skopeo", "copy", "-q", "--src-tls-verify=false", "docker://" + reference,
                "oci:" + layout + ":" + name), 300);
        Command.run(List.of("umoci", "unpack", "--image", layout + ":" + name, bundle.toString()), 300);
        try {
            JsonNode process = JSON.readTree(bundle.resolve("config.json").toFile()).path("process");
            List<String> args = new ArrayList<>();
            process.path("args").forEach(arg -> args.add(arg.asText()));
            Map<String, String> environment = new LinkedHashMap<>();
            process.path("env").forEach(entry -> {
                String[] pair = entry.asText().split("=", 2);
                environment.put(pair[0], pair.length > 1 ? pair[1] : "");
            });
            JsonNode inspected = JSON.readTree(Command.run(List.of("skopeo", "inspect", "--tls-verify=false",
                    "docker://" + reference)));
            Map<String, String> labels = new LinkedHashMap<>();
            inspected.path("Labels").properties().forEach(label -> labels.put(label.getKey(), label.getValue().asText()));
            long compressed = 0;
            for (JsonNode layer : JSON.readTree(Command.run(List.of("skopeo", "inspect", "--raw", "--tls-verify=false",
                    "docker://" + reference))).path("layers")) {
                compressed += layer.path("size").asLong();
            }
            return new ContainerImage(reference, bundle.resolve("rootfs"), List.copyOf(args), environment,
                    process.path("cwd").asText("/"), process.path("user").path("uid").asInt(),
                    process.path("user").path("gid").asInt(), labels, compressed);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the configuration of " + reference, e);
        }
    }

    /** The unpacked root filesystem's size in bytes (regular files). */
    long unpackedBytes() {
        try (Stream<Path> files = Files.walk(rootfs)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
