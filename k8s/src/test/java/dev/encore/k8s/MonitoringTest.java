package dev.encore.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.encore.testsupport.MonitoredMetrics;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The monitoring component: its alert rules pass {@code promtool check rules} and the unit tests of
 * {@code src/test/resources/monitoring/alerts-test.yaml} ({@code promtool test rules}); every expression of the
 * Grafana dashboard parses as PromQL (checked as a recording rule); every selector names the job whose
 * {@code /q/metrics} has the metric (each service's MonitoredMetricsTest checks its own); the ServiceMonitor scrapes
 * the services that exist, and the objects reach the prod overlay.
 */
class MonitoringTest {

    private static final Path MONITORING = Kustomize.REPOSITORY.resolve("k8s/components/monitoring");
    private static final Path WORK = Path.of("target", "monitoring").toAbsolutePath();
    private static final YAMLMapper YAML = new YAMLMapper();

    @BeforeAll
    static void workFolder() throws IOException {
        Files.createDirectories(WORK);
    }

    @Test
    void alertRulesPassPromtoolsCheckAndTheirUnitTests() throws IOException {
        PrometheusRule rule = (PrometheusRule) Kustomize.read(Files.readString(MONITORING.resolve("alerts.yaml"))).get(0);
        Path rules = WORK.resolve("encore-alerts.rules.yaml");
        YAML.writeValue(rules.toFile(), new ObjectMapper().valueToTree(rule.getSpec()));
        Command.run(List.of(promtool(), "check", "rules", rules.toString()));
        Path tests = WORK.resolve("alerts-test.yaml");
        Files.copy(Path.of("src/test/resources/monitoring/alerts-test.yaml"), tests,
                StandardCopyOption.REPLACE_EXISTING);
        String output = Command.run(List.of(promtool(), "test", "rules", tests.toString()));
        assertTrue(output.contains("SUCCESS"), output);
        Set<String> tested = new TreeSet<>();
        YAML.readTree(tests.toFile()).path("tests").forEach(test -> test.path("alert_rule_test")
                .forEach(check -> tested.add(check.path("alertname").asText())));
        Set<String> alerts = new TreeSet<>();
        rule.getSpec().getGroups().forEach(group -> group.getRules().forEach(r -> alerts.add(r.getAlert())));
        assertEquals(alerts, tested, "every alert has a promtool unit test");
    }

    @Test
    void everyDashboardExpressionIsPromqlForTheChosenNamespace() throws IOException {
        ObjectNode group = YAML.createObjectNode().put("name", "dashboard");
        ArrayNode records = group.putArray("rules");
        for (MonitoredMetrics.Expression expression : dashboardExpressions()) {
            // Grafana puts the chosen namespace where the dashboard says $namespace
            assertTrue(expression.promql().contains("namespace=\"$namespace\""), expression + " ignores the namespace");
            records.addObject().put("record", "encore:dashboard:" + expression.where().replaceAll("[^a-zA-Z0-9]+", "_"))
                    .put("expr", expression.promql().replace("$namespace", "encore"));
        }
        ObjectNode file = YAML.createObjectNode();
        file.putArray("groups").add(group);
        Path rules = WORK.resolve("dashboard.rules.yaml");
        YAML.writeValue(rules.toFile(), file);
        String output = Command.run(List.of(promtool(), "check", "rules", rules.toString()));
        assertTrue(output.contains("SUCCESS: " + records.size() + " rules found"), output);
    }

    @Test
    void everySelectorNamesTheJobWhoseMetricItIs() {
        Set<String> jobs = new TreeSet<>();
        for (MonitoredMetrics.Selector selector : MonitoredMetrics.all(Kustomize.REPOSITORY)) {
            assertFalse(selector.jobs().isEmpty(), selector + " names no job");
            jobs.addAll(selector.jobs());
        }
        assertTrue(ManifestsTest.QUARKUS_SERVICES.containsAll(jobs), jobs.toString());
    }

    @Test
    void theProdOverlayScrapesEveryServiceAndCarriesTheRulesAndTheDashboard() {
        List<HasMetadata> prod = Kustomize.render("overlays/prod");
        ServiceMonitor monitor = ManifestsTest.of(prod, ServiceMonitor.class).get(0);
        assertEquals(ManifestsTest.QUARKUS_SERVICES.stream().sorted().toList(),
                monitor.getSpec().getSelector().getMatchExpressions().get(0).getValues().stream().sorted().toList());
        assertEquals("/q/metrics", monitor.getSpec().getEndpoints().get(0).getPath());
        assertEquals(1, ManifestsTest.of(prod, PrometheusRule.class).size());
        ConfigMap dashboard = ManifestsTest.named(prod, ConfigMap.class, "encore-dashboard");
        assertEquals("1", dashboard.getMetadata().getLabels().get("grafana_dashboard"));
    }

    private static List<MonitoredMetrics.Expression> dashboardExpressions() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(MONITORING.resolve("encore-dashboard.json").toFile());
        List<MonitoredMetrics.Expression> expressions = MonitoredMetrics.dashboardExpressions(dashboard);
        assertFalse(expressions.isEmpty());
        return expressions;
    }

    /** promtool from PATH, or where scripts/test put it ({@code ENCORE_PROMTOOL}). */
    static String promtool() {
        String configured = System.getenv("ENCORE_PROMTOOL");
        return configured != null && !configured.isBlank() ? configured : "promtool";
    }
}
