package dev.encore.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Assertions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The metrics encore's monitoring reads: the PromQL of the alert rules ({@code k8s/components/monitoring/alerts.yaml})
 * and of the Grafana dashboard ({@code encore-dashboard.json}), broken into selectors such as
 * {@code encore_holds_total{job="booking-service"}}. Every selector carries a {@code job} matcher (the Service
 * Prometheus scraped), so each service's tests can check that the metrics asked of it are in its {@code /q/metrics}.
 */
public final class MonitoredMetrics {

    /** One PromQL expression and where it comes from ("alert EncoreSeatSoldTwice", "panel 3 A"). */
    public record Expression(String where, String promql) {
    }

    /** A metric name with the jobs its {@code job} matcher allows (empty when it has none). */
    public record Selector(String metric, Set<String> jobs, String where) {
    }

    private static final Path MONITORING = Path.of("k8s", "components", "monitoring");
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}");
    private static final Pattern JOB = Pattern.compile("\\bjob\\s*(=~|=)\\s*\"([^\"]*)\"");

    private MonitoredMetrics() {
    }

    /** Every selector of the alerts and the dashboard, under the repository root given. */
    public static List<Selector> all(Path repository) {
        List<Selector> selectors = new ArrayList<>();
        for (Expression expression : expressions(repository)) {
            Matcher matcher = SELECTOR.matcher(expression.promql());
            while (matcher.find()) {
                Matcher job = JOB.matcher(matcher.group(2));
                Set<String> jobs = new TreeSet<>();
                if (job.find()) {
                    jobs.addAll(job.group(1).equals("=") ? List.of(job.group(2)) : Arrays.asList(job.group(2).split("\\|")));
                }
                selectors.add(new Selector(matcher.group(1), jobs, expression.where()));
            }
        }
        return selectors;
    }

    /**
     * The metric names the monitoring reads from {@code job}'s {@code /q/metrics}; {@code up}, which Prometheus
     * writes itself for every scrape, is not among them.
     */
    public static Set<String> of(Path repository, String job) {
        return all(repository).stream().filter(selector -> selector.jobs().contains(job)).map(Selector::metric)
                .filter(metric -> !metric.equals("up")).collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * Asserts that a service's Prometheus exposition (its {@code /q/metrics}) has every metric the monitoring reads
     * from {@code job}. Run from a module's folder: the repository is its parent.
     */
    public static void assertExposed(String job, String exposition) {
        Set<String> exposed = exposition.lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(line -> line.split("[{ ]", 2)[0]).collect(Collectors.toSet());
        Set<String> wanted = of(Path.of("..").toAbsolutePath().normalize(), job);
        Assertions.assertFalse(wanted.isEmpty(), "the monitoring reads nothing from " + job);
        Set<String> missing = new TreeSet<>(wanted);
        missing.removeAll(exposed);
        Assertions.assertEquals(Set.of(), missing, job + " does not expose what the alerts and the dashboard read");
    }

    /** The expressions of the alert rules and of every dashboard panel's targets. */
    public static List<Expression> expressions(Path repository) {
        Path monitoring = repository.resolve(MONITORING);
        try {
            List<Expression> expressions = new ArrayList<>();
            JsonNode rules = new YAMLMapper().readTree(monitoring.resolve("alerts.yaml").toFile());
            rules.path("spec").path("groups").forEach(group -> group.path("rules").forEach(rule -> expressions.add(
                    new Expression("alert " + rule.path("alert").asText(), rule.path("expr").asText()))));
            expressions.addAll(dashboardExpressions(new ObjectMapper().readTree(monitoring.resolve("encore-dashboard.json").toFile())));
            return expressions;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The PromQL of every panel's targets of a Grafana dashboard. */
    public static List<Expression> dashboardExpressions(JsonNode dashboard) {
        List<Expression> expressions = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(target -> expressions.add(new Expression(
                "panel " + panel.path("id").asText() + " " + target.path("refId").asText(), target.path("expr").asText()))));
        return expressions;
    }
}
