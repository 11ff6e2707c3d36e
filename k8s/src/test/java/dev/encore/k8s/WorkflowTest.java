package dev.encore.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The GitHub Actions workflow, which cannot run here: valid against GitHub's workflow schema (action-validator, the
 * SchemaStore schema), and its test job runs what every other machine runs, {@code .ci/run}.
 */
class WorkflowTest {

    private static final Path WORKFLOWS = Kustomize.REPOSITORY.resolve(".github/workflows");

    @Test
    void everyWorkflowFollowsGithubsSchema() throws IOException {
        List<Path> files = workflows();
        assertFalse(files.isEmpty());
        for (Path file : files) {
            Command.run(List.of(actionValidator(), file.toString()));
        }
    }

    @Test
    void theTestJobRunsWhatCiRunsEverywhere() throws IOException {
        JsonNode ci = new YAMLMapper().readTree(WORKFLOWS.resolve("ci.yml").toFile());
        List<String> commands = new ArrayList<>();
        ci.path("jobs").path("test").path("steps").forEach(step -> commands.add(step.path("run").asText()));
        assertEquals(1, commands.stream().filter(".ci/run"::equals).count(), "the test job's steps: " + commands);
    }

    private static List<Path> workflows() throws IOException {
        try (Stream<Path> files = Files.list(WORKFLOWS)) {
            return files.filter(file -> file.toString().endsWith(".yml") || file.toString().endsWith(".yaml")).toList();
        }
    }

    /** action-validator from PATH, or where scripts/test put it ({@code ENCORE_ACTION_VALIDATOR}). */
    private static String actionValidator() {
        String configured = System.getenv("ENCORE_ACTION_VALIDATOR");
        return configured != null && !configured.isBlank() ? configured : "action-validator";
    }
}
