package dev.encore.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.encore.testsupport.PeerService;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * edge-proxy's packaged jar in the profiles its Deployment runs ({@code prod,k8s}), finding user-service,
 * catalog-service and booking-service only through the Kubernetes API ({@link KubernetesApi}, reached as fabric8
 * finds an API server, KUBERNETES_MASTER), in front of the real services: a hold goes through; a second booking-service
 * endpoint appearing gets traffic; and every request the edge made to the API is one that the Role in
 * {@code k8s/components/edge-discovery} grants, and every rule there was used. booking-service is published the way
 * current clusters publish (EndpointSlices), the others as an API server without slices does, so that both of Stork's
 * paths run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubernetesDiscoveryIT {

    // the API discovery paths every authenticated caller may read (ClusterRole system:discovery): /api, /api/v1,
    // /apis, /apis/<group>, /apis/<group>/<version>, /version; no resource, which only a Role can grant
    private static final Pattern DISCOVERY = Pattern.compile("/api(/v1)?|/apis(/[^/]+(/[^/]+)?)?|/version");
    private static final Pattern RESOURCE = Pattern.compile(
            "/(?:api/v1|apis/(?<group>[^/]+)/[^/]+)/namespaces/(?<namespace>[^/]+)/(?<resource>[^/]+)(?<name>/[^/]+)?");

    private static final EncoreStackResource STACK = new EncoreStackResource();
    private static EncoreStack stack;
    private static KubernetesApi api;
    private static PeerService edge;

    @BeforeAll
    static void startTheEdgeOnKubernetes() {
        Map<String, String> config = STACK.start();
        stack = STACK.stack();
        api = KubernetesApi.start();
        api.publish("user-service", List.of(stack.users()), false);
        api.publish("catalog-service", List.of(stack.catalog()), false);
        api.publish("booking-service", List.of(stack.booking()), true);
        Map<String, String> environment = new HashMap<>();
        environment.put("ENCORE_REDIS_URL", config.get("quarkus.redis.hosts"));
        environment.put("ENCORE_JWKS_URL", config.get("mp.jwt.verify.publickey.location"));
        environment.put("ENCORE_NAMESPACE", KubernetesApi.NAMESPACE);
        // where fabric8 (and so Stork) looks for the API server outside a pod; no kubeconfig of this machine's
        environment.put("KUBERNETES_MASTER", api.url());
        environment.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
        environment.put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
        edge = PeerService.startProduction(Path.of("target", "quarkus-app", "quarkus-run.jar"), "prod,k8s", environment);
        RestAssured.baseURI = "http://127.0.0.1";
        RestAssured.port = edge.port();
    }

    @AfterAll
    static void stopEverything() {
        RestAssured.reset();
        if (edge != null) {
            edge.close();
        }
        if (api != null) {
            api.close();
        }
        STACK.stop();
    }

    @Test
    @Order(1)
    void aHoldGoesThroughToTheEndpointsTheApiNames() {
        long performance = Fans.performance(Fans.admin(stack), false);
        Fans.Session fan = Fans.signUp();
        given().auth().oauth2(fan.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("performanceId", performance, "seatIds", List.of("A-1-1")))
                .post("/api/holds").then().statusCode(201);
    }

    @Test
    @Order(2)
    void aSecondBookingEndpointGetsTraffic() throws Exception {
        long performance = Fans.performance(Fans.admin(stack), false);
        try (PeerService replica = stack.booking().startReplica()) {
            api.publish("booking-service", List.of(stack.booking(), replica), true);
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (seatMapsServed(replica) == 0 && System.nanoTime() < deadline) {
                given().get("/api/performances/" + performance + "/seats").then().statusCode(200);
            }
            assertTrue(seatMapsServed(replica) > 0, "the new endpoint got no seat map request within 20 s");
        } finally {
            api.publish("booking-service", List.of(stack.booking()), true);
        }
    }

    @Test
    @Order(3)
    void theDiscoveryRoleGrantsEveryRequestTheEdgeMadeAndNothingElse() throws IOException {
        List<PolicyRule> rules = discoveryRole().getRules();
        Set<String> used = new TreeSet<>();
        List<RecordedRequest> requests = api.requests();
        assertTrue(requests.size() > 3, "the edge hardly asked the API anything: " + requests);
        for (RecordedRequest request : requests) {
            String path = URI.create(request.getPath()).getPath();
            if (request.getMethod().equals("GET") && DISCOVERY.matcher(path).matches()) {
                continue;
            }
            Matcher resource = RESOURCE.matcher(path);
            assertTrue(resource.matches(), "not a namespaced resource: " + request.getRequestLine());
            assertEquals(KubernetesApi.NAMESPACE, resource.group("namespace"), request.getRequestLine());
            String group = resource.group("group") == null ? "" : resource.group("group");
            String verb = verb(request.getMethod(), resource.group("name") != null,
                    String.valueOf(URI.create(request.getPath()).getQuery()).contains("watch=true"));
            String permission = group + "/" + resource.group("resource") + ":" + verb;
            assertTrue(rules.stream().anyMatch(rule -> rule.getApiGroups().contains(group)
                            && rule.getResources().contains(resource.group("resource")) && rule.getVerbs().contains(verb)),
                    "k8s/components/edge-discovery does not grant " + permission + " (" + request.getRequestLine() + ")");
            used.add(permission);
        }
        Set<String> granted = new TreeSet<>();
        rules.forEach(rule -> rule.getApiGroups().forEach(group -> rule.getResources().forEach(resource ->
                rule.getVerbs().forEach(verb -> granted.add(group + "/" + resource + ":" + verb)))));
        assertEquals(granted, used, "the Role grants more than the edge uses");
    }

    private static String verb(String method, boolean named, boolean watch) {
        return switch (method) {
            case "GET" -> watch ? "watch" : named ? "get" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> method.toLowerCase();
        };
    }

    private static Role discoveryRole() throws IOException {
        Path rbac = Path.of("..", "k8s", "components", "edge-discovery", "rbac.yaml");
        KubernetesSerialization model = new KubernetesSerialization();
        try (MappingIterator<JsonNode> documents = new YAMLMapper().readerFor(JsonNode.class)
                .readValues(Files.readString(rbac))) {
            List<Role> roles = new ArrayList<>();
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if ("Role".equals(document.path("kind").asText())) {
                    roles.add(model.convertValue(document, Role.class));
                }
            }
            assertEquals(1, roles.size(), rbac + " holds one Role");
            return roles.get(0);
        }
    }

    /** How many seat maps the instance has answered, from its own metrics. */
    private static long seatMapsServed(PeerService instance) throws Exception {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(instance.baseUrl() + "/q/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(line -> line.startsWith("http_server_requests_seconds_count")
                        && line.contains("/seats\"") && line.contains("method=\"GET\"") && line.contains("status=\"200\""))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
