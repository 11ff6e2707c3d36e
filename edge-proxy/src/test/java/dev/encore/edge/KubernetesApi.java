package dev.encore.edge;

import dev.encore.testsupport.PeerService;
import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.EndpointSubsetBuilder;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * fabric8's mock Kubernetes API server in CRUD mode, holding what a cluster's control plane would for encore's
 * Services: each service's Pods, its Endpoints and its EndpointSlices (label {@code kubernetes.io/service-name}), in
 * namespace {@code encore}. It records every request made to it except this class's own (user agent
 * {@value #SETUP_AGENT}), so that a test can compare what edge-proxy's Stork discovery asked for with the RBAC k8s/
 * grants it.
 */
public final class KubernetesApi implements AutoCloseable {

    public static final String NAMESPACE = "encore";
    private static final String SETUP_AGENT = "encore-test-setup";

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final List<RecordedRequest> seen = new ArrayList<>();

    private KubernetesApi(KubernetesMockServer server) {
        this.server = server;
        this.client = server.createClient(builder -> builder.editOrNewConfig().withUserAgent(SETUP_AGENT)
                .withNamespace(NAMESPACE).endConfig());
    }

    /** Starts an empty API server on a free loopback port, over plain HTTP. */
    public static KubernetesApi start() {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        return new KubernetesApi(server);
    }

    /** The API server's URL, as Stork's {@code k8s-host} takes it. */
    public String url() {
        return server.url("/");
    }

    /**
     * Makes {@code instances} the ready endpoints of Service {@code service}, as the control plane does when its pods
     * become ready: one Pod per instance, the Endpoints, and, with {@code slices} (every cluster since Kubernetes
     * 1.21), one EndpointSlice per instance (each listens on a port of its own here, and a slice holds endpoints that
     * share their ports). Without slices, it is an older API server's view.
     */
    public void publish(String service, List<PeerService> instances, boolean slices) {
        List<EndpointSubset> subsets = new ArrayList<>();
        client.discovery().v1().endpointSlices().withLabel("kubernetes.io/service-name", service).delete();
        for (int i = 0; i < instances.size(); i++) {
            String pod = service + "-" + i;
            int port = instances.get(i).port();
            client.pods().resource(new PodBuilder().withNewMetadata().withName(pod).addToLabels("app.kubernetes.io/name", service)
                    .endMetadata().withNewStatus().withPodIP("127.0.0.1").endStatus().build()).createOr(existing -> existing.update());
            subsets.add(new EndpointSubsetBuilder()
                    .withAddresses(new EndpointAddressBuilder().withIp("127.0.0.1")
                            .withNewTargetRef().withKind("Pod").withName(pod).withNamespace(NAMESPACE).endTargetRef().build())
                    .withPorts(new EndpointPortBuilder().withName("http").withPort(port).withProtocol("TCP").build())
                    .build());
            if (!slices) {
                continue;
            }
            client.discovery().v1().endpointSlices().resource(new EndpointSliceBuilder()
                    .withNewMetadata().withName(service + "-" + port).addToLabels("kubernetes.io/service-name", service)
                    .endMetadata()
                    .withAddressType("IPv4")
                    .addNewEndpoint().withAddresses("127.0.0.1").withNewConditions().withReady(true).endConditions()
                    .withNewTargetRef().withKind("Pod").withName(pod).withNamespace(NAMESPACE).endTargetRef().endEndpoint()
                    .addNewPort().withName("http").withPort(port).withProtocol("TCP").endPort()
                    .build()).create();
        }
        client.endpoints().resource(new EndpointsBuilder().withNewMetadata().withName(service).endMetadata()
                .withSubsets(subsets).build()).createOr(existing -> existing.update());
    }

    /** Every request made to the API server so far by anyone but this class, in order. */
    public synchronized List<RecordedRequest> requests() {
        try {
            RecordedRequest request;
            while ((request = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
                if (!SETUP_AGENT.equals(request.getHeader("User-Agent"))) {
                    seen.add(request);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
