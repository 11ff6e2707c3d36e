package dev.encore.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every overlay renders, every object parses into fabric8's model with no unknown field, and the rules a
 * deployment of encore must keep hold: hardened and probed pods with requests and limits, selectors and named
 * ports that point at pods that exist, the environment each service needs in production, no committed secret.
 */
class ManifestsTest {

    static final List<String> QUARKUS_SERVICES = List.of("user-service", "catalog-service", "booking-service",
            "closing-job", "edge-proxy");

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void everyObjectIsKnownToTheModelFieldByField(String kustomization) {
        for (HasMetadata object : Kustomize.render(kustomization)) {
            String where = object.getKind() + " " + object.getMetadata().getName();
            assertEquals(List.of(), UnknownFields.of(object), where);
            if (!object.getKind().equals("Namespace")) {
                assertEquals("encore", object.getMetadata().getNamespace(), where);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void everyPodIsHardenedProbedAndBounded(String overlay) {
        for (Map.Entry<String, PodTemplateSpec> pod : pods(Kustomize.render(overlay)).entrySet()) {
            String where = overlay + " " + pod.getKey();
            PodSecurityContext podSecurity = pod.getValue().getSpec().getSecurityContext();
            assertNotNull(podSecurity, where);
            assertEquals(Boolean.TRUE, podSecurity.getRunAsNonRoot(), where + " runAsNonRoot");
            assertTrue(podSecurity.getRunAsUser() != null && podSecurity.getRunAsUser() > 0, where + " runAsUser");
            assertEquals("RuntimeDefault", podSecurity.getSeccompProfile().getType(), where + " seccomp");
            for (Container container : pod.getValue().getSpec().getContainers()) {
                String in = where + "/" + container.getName();
                SecurityContext security = container.getSecurityContext();
                assertNotNull(security, in);
                assertEquals(Boolean.FALSE, security.getAllowPrivilegeEscalation(), in + " allowPrivilegeEscalation");
                assertEquals(Boolean.TRUE, security.getReadOnlyRootFilesystem(), in + " readOnlyRootFilesystem");
                assertEquals(List.of("ALL"), security.getCapabilities().getDrop(), in + " capabilities");
                assertNotNull(container.getReadinessProbe(), in + " readinessProbe");
                assertNotNull(container.getLivenessProbe(), in + " livenessProbe");
                for (String resource : List.of("cpu", "memory")) {
                    assertNotNull(container.getResources().getRequests().get(resource), in + " requests " + resource);
                    assertNotNull(container.getResources().getLimits().get(resource), in + " limits " + resource);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void quarkusServicesAreProbedOnTheirHealthEndpointsAndMountAWritableTmp(String overlay) {
        List<HasMetadata> objects = Kustomize.render(overlay);
        for (String service : QUARKUS_SERVICES) {
            Deployment deployment = named(objects, Deployment.class, service);
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertEquals("/q/health/started", container.getStartupProbe().getHttpGet().getPath(), service);
            assertEquals("/q/health/live", container.getLivenessProbe().getHttpGet().getPath(), service);
            // process-local: shared PostgreSQL and Redis must not take every pod out at once
            assertEquals("/q/health/started", container.getReadinessProbe().getHttpGet().getPath(), service);
            assertTrue(container.getVolumeMounts().stream().anyMatch(mount -> mount.getMountPath().equals("/tmp")), service);
            assertTrue(env(container).get("JAVA_TOOL_OPTIONS").getValue().contains("MaxRAMPercentage"), service);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void servicesAndPoliciesSelectPodsThatExistOnPortsTheyExpose(String overlay) {
        List<HasMetadata> objects = Kustomize.render(overlay);
        Map<String, PodTemplateSpec> pods = pods(objects);
        for (Service service : of(objects, Service.class)) {
            List<PodTemplateSpec> selected = selected(pods, service.getSpec().getSelector());
            assertFalse(selected.isEmpty(), "Service " + service.getMetadata().getName() + " selects no pod");
            for (ServicePort port : service.getSpec().getPorts()) {
                assertPortExists(selected, port.getTargetPort(), "Service " + service.getMetadata().getName());
            }
        }
        for (NetworkPolicy policy : of(objects, NetworkPolicy.class)) {
            String where = "NetworkPolicy " + policy.getMetadata().getName();
            List<PodTemplateSpec> selected = selected(pods, policy.getSpec().getPodSelector());
            assertFalse(selected.isEmpty(), where + " selects no pod");
            policy.getSpec().getIngress().forEach(rule -> {
                rule.getFrom().forEach(peer -> assertPeerExists(pods, peer, where));
                rule.getPorts().forEach(port -> assertPortExists(selected, port.getPort(), where));
            });
            policy.getSpec().getEgress().forEach(rule -> rule.getTo().forEach(peer -> assertPeerExists(pods, peer, where)));
        }
        for (PodDisruptionBudget budget : of(objects, PodDisruptionBudget.class)) {
            assertFalse(selected(pods, budget.getSpec().getSelector()).isEmpty(), "PDB " + budget.getMetadata().getName());
        }
        for (HorizontalPodAutoscaler autoscaler : of(objects, HorizontalPodAutoscaler.class)) {
            Deployment target = named(objects, Deployment.class, autoscaler.getSpec().getScaleTargetRef().getName());
            assertEquals(null, target.getSpec().getReplicas(), "the HPA owns the replicas of " + target.getMetadata().getName());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void everyServiceIsGivenEachSettingItsProductionProfileRequires(String overlay) {
        List<HasMetadata> objects = Kustomize.render(overlay);
        for (String service : QUARKUS_SERVICES) {
            Container container = named(objects, Deployment.class, service).getSpec().getTemplate().getSpec()
                    .getContainers().get(0);
            Map<String, EnvVar> env = env(container);
            List<String> profiles = List.of(env.containsKey("QUARKUS_PROFILE")
                    ? env.get("QUARKUS_PROFILE").getValue().split(",") : new String[] {"prod"});
            Set<String> required = requiredInProduction(service, profiles);
            assertFalse(required.isEmpty(), service);
            for (String variable : required) {
                assertTrue(env.containsKey(variable), overlay + " " + service + " is not given " + variable);
            }
            for (EnvVar variable : env.values()) {
                if (variable.getValueFrom() != null && variable.getValueFrom().getConfigMapKeyRef() != null) {
                    String map = variable.getValueFrom().getConfigMapKeyRef().getName();
                    String key = variable.getValueFrom().getConfigMapKeyRef().getKey();
                    assertTrue(named(objects, ConfigMap.class, map).getData().containsKey(key), service + " reads " + key);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void edgeProxyFindsEveryUpstreamItNamesAndMayReadItsEndpoints(String overlay) {
        List<HasMetadata> objects = Kustomize.render(overlay);
        Properties edge = properties("edge-proxy");
        Pattern discovery = Pattern.compile("%k8s\\.quarkus\\.stork\\.([a-z-]+)\\.service-discovery\\.type");
        Set<String> upstreams = new TreeSet<>();
        for (String key : edge.stringPropertyNames()) {
            Matcher matcher = discovery.matcher(key);
            if (matcher.matches() && edge.getProperty(key).equals("kubernetes")) {
                upstreams.add(matcher.group(1));
            }
        }
        assertEquals(Set.of("user-service", "catalog-service", "booking-service", "closing-job"), upstreams);
        upstreams.forEach(upstream -> named(objects, Service.class, upstream));
        RoleBinding binding = named(objects, RoleBinding.class, "edge-proxy-discovery");
        assertEquals("edge-proxy", binding.getSubjects().get(0).getName());
        assertEquals("edge-proxy", named(objects, Deployment.class, "edge-proxy").getSpec().getTemplate().getSpec()
                .getServiceAccountName());
    }

    @Test
    void everySecretProductionReadsIsOneTheReadmeTellsOperatorsToCreate() throws IOException {
        String readme = Files.readString(Kustomize.REPOSITORY.resolve("k8s/README.md"));
        Set<String> referenced = new TreeSet<>();
        for (PodTemplateSpec pod : pods(Kustomize.render("overlays/prod")).values()) {
            pod.getSpec().getVolumes().stream().filter(volume -> volume.getSecret() != null)
                    .forEach(volume -> referenced.add(volume.getSecret().getSecretName()));
            pod.getSpec().getContainers().forEach(container -> container.getEnv().stream()
                    .filter(variable -> variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null)
                    .forEach(variable -> referenced.add(variable.getValueFrom().getSecretKeyRef().getName())));
        }
        assertFalse(referenced.isEmpty());
        referenced.forEach(secret -> assertTrue(readme.contains("`" + secret + "`"), secret + " is not in k8s/README.md"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/prod"})
    void noSecretIsCommitted(String kustomization) {
        assertEquals(List.of(), of(Kustomize.render(kustomization), Secret.class).stream()
                .map(secret -> secret.getMetadata().getName()).toList());
    }

    @Test
    void imagesAreTheModulesNamesUntilAnOverlayPointsThemAtARegistry() {
        List<HasMetadata> base = Kustomize.render("base");
        List<HasMetadata> prod = Kustomize.render("overlays/prod");
        for (String service : QUARKUS_SERVICES) {
            assertTrue(Files.isRegularFile(Kustomize.REPOSITORY.resolve(service).resolve("pom.xml")), service);
            assertEquals("encore/" + service, image(base, service));
            assertTrue(image(prod, service).matches("[a-z0-9.-]+(:[0-9]+)?/encore/" + service + ":[\\w.-]+"), image(prod, service));
        }
    }

    private static String image(List<HasMetadata> objects, String service) {
        return named(objects, Deployment.class, service).getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    /**
     * The variables a service's configuration expands without a default under {@code profiles} (in QUARKUS_PROFILE's
     * order: a later profile's {@code %profile.key} wins over an earlier one's, and both over {@code key}).
     */
    static Set<String> requiredInProduction(String service, List<String> profiles) {
        Properties properties = properties(service);
        Set<String> keys = new TreeSet<>();
        properties.stringPropertyNames().forEach(key -> keys.add(key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key));
        Pattern noDefault = Pattern.compile("\\$\\{(ENCORE_[A-Z_]+)}");
        Set<String> required = new TreeSet<>();
        for (String key : keys) {
            String value = properties.getProperty(key, "");
            for (String profile : profiles) {
                value = properties.getProperty("%" + profile + "." + key, value);
            }
            Matcher matcher = noDefault.matcher(value);
            while (matcher.find()) {
                required.add(matcher.group(1));
            }
        }
        return required;
    }

    static Properties properties(String service) {
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(Kustomize.REPOSITORY.resolve(service)
                .resolve("src/main/resources/application.properties"))) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    static <T extends HasMetadata> List<T> of(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static <T extends HasMetadata> T named(List<HasMetadata> objects, Class<T> type, String name) {
        return of(objects, type).stream().filter(object -> object.getMetadata().getName().equals(name)
                        || object.getMetadata().getName().startsWith(name + "-") && type == ConfigMap.class)
                .findFirst().orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    }

    /** Pod templates by their owner's kind and name ("Deployment/booking-service"). */
    static Map<String, PodTemplateSpec> pods(List<HasMetadata> objects) {
        Map<String, PodTemplateSpec> pods = new TreeMap<>();
        of(objects, Deployment.class).forEach(d -> pods.put("Deployment/" + d.getMetadata().getName(), d.getSpec().getTemplate()));
        of(objects, StatefulSet.class).forEach(s -> pods.put("StatefulSet/" + s.getMetadata().getName(), s.getSpec().getTemplate()));
        return pods;
    }

    static Map<String, EnvVar> env(Container container) {
        return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, Function.identity()));
    }

    private static List<PodTemplateSpec> selected(Map<String, PodTemplateSpec> pods, Map<String, String> labels) {
        return pods.values().stream().filter(pod -> pod.getMetadata().getLabels().entrySet().containsAll(labels.entrySet()))
                .toList();
    }

    /** The pods a label selector picks; every value of an {@code In} expression must pick one of its own. */
    private static List<PodTemplateSpec> selected(Map<String, PodTemplateSpec> pods, LabelSelector selector) {
        List<PodTemplateSpec> selected = new ArrayList<>(selected(pods, Objects.requireNonNullElse(selector.getMatchLabels(), Map.of())));
        for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
            assertEquals("In", requirement.getOperator(), requirement.toString());
            for (String value : requirement.getValues()) {
                assertFalse(selected(pods, Map.of(requirement.getKey(), value)).isEmpty(), "no pod has " + requirement.getKey() + "=" + value);
            }
            selected.removeIf(pod -> !requirement.getValues().contains(pod.getMetadata().getLabels().get(requirement.getKey())));
        }
        return selected;
    }

    private static void assertPeerExists(Map<String, PodTemplateSpec> pods, NetworkPolicyPeer peer, String where) {
        if (peer.getPodSelector() != null && peer.getNamespaceSelector() == null) {
            assertFalse(selected(pods, peer.getPodSelector()).isEmpty(), where + " names a peer no pod matches");
        }
    }

    private static void assertPortExists(List<PodTemplateSpec> pods, IntOrString port, String where) {
        if (port == null || port.getStrVal() == null) {
            return;
        }
        for (PodTemplateSpec pod : pods) {
            assertTrue(pod.getSpec().getContainers().stream().flatMap(c -> c.getPorts().stream()).map(ContainerPort::getName)
                    .anyMatch(port.getStrVal()::equals), where + ": a selected pod has no port named " + port.getStrVal());
        }
    }
}
