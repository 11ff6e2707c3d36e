package dev.encore.edge.envoy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.access_loggers.stream.v3.StdoutAccessLog;
import io.envoyproxy.envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.connection_limit.v3.ConnectionLimit;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Envoy does not run here, so envoy/envoy.yaml is read into Envoy's own v3 API messages: a misspelt field, a wrong
 * type or an unknown {@code @type} fails the build, as it would fail Envoy's start. What the config promises is then
 * checked on the messages.
 */
class EnvoyConfigTest {

    private static final Path CONFIG = Path.of("..", "envoy", "envoy.yaml");

    private static Bootstrap bootstrap;
    private static JsonFormat.TypeRegistry types;

    @BeforeAll
    static void parse() throws IOException {
        String json = new ObjectMapper().writeValueAsString(new ObjectMapper(new YAMLFactory()).readTree(CONFIG.toFile()));
        types = JsonFormat.TypeRegistry.newBuilder()
                .add(List.of(HttpConnectionManager.getDescriptor(), DownstreamTlsContext.getDescriptor(),
                        ConnectionLimit.getDescriptor(), LocalRateLimit.getDescriptor(), Router.getDescriptor(),
                        StdoutAccessLog.getDescriptor(), HttpProtocolOptions.getDescriptor()))
                .build();
        Bootstrap.Builder builder = Bootstrap.newBuilder();
        JsonFormat.parser().usingTypeRegistry(types).merge(json, builder);
        bootstrap = builder.build();
    }

    // what Envoy checks beyond the schema when it loads a configuration: the API's protoc-gen-validate rules
    @Test
    void everyFieldRuleOfEnvoysApiHolds() {
        assertEquals(List.of(), PgvRules.violations(bootstrap, types));
    }

    @Test
    void theFieldRulesCatchWhatEnvoyWouldRefuse() throws InvalidProtocolBufferException {
        Bootstrap.Builder broken = bootstrap.toBuilder();
        broken.getStaticResourcesBuilder().getClustersBuilder(0).setName("")
                .setConnectTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(-1));
        // and inside a typed_config: the public listener's HTTP connection manager without a stat prefix
        Filter.Builder filter = broken.getStaticResourcesBuilder().getListenersBuilder(0).getFilterChainsBuilder(0)
                .getFiltersBuilderList().stream().filter(f -> f.getTypedConfig().is(HttpConnectionManager.class))
                .findFirst().orElseThrow();
        filter.setTypedConfig(Any.pack(filter.getTypedConfig().unpack(HttpConnectionManager.class).toBuilder()
                .setStatPrefix("").build()));
        List<String> violations = PgvRules.violations(broken.build(), types);
        assertTrue(violations.stream().anyMatch(v -> v.startsWith("Bootstrap.staticResources.clusters[0].name:")), violations::toString);
        assertTrue(violations.stream().anyMatch(v -> v.contains("[HttpConnectionManager].statPrefix:")), violations::toString);
        assertTrue(violations.stream().anyMatch(v -> v.startsWith("Bootstrap.staticResources.clusters[0].connectTimeout:")),
                violations::toString);
    }

    @Test
    void everyRouteGoesToAClusterThatExists() throws InvalidProtocolBufferException {
        Set<String> clusters = bootstrap.getStaticResources().getClustersList().stream()
                .map(Cluster::getName).collect(Collectors.toSet());
        List<Route> routes = routes();
        assertFalse(routes.isEmpty());
        for (Route route : routes) {
            if (route.hasDirectResponse()) {
                continue;
            }
            assertTrue(clusters.contains(route.getRoute().getCluster()), route.getRoute().getCluster() + " is not defined");
        }
    }

    @Test
    void onlyThePublicApiReachesTheEdgeJudgedOnTheNormalisedPath() throws InvalidProtocolBufferException {
        HttpConnectionManager manager = connectionManager();
        assertTrue(manager.getNormalizePath().getValue(), "normalize_path");
        assertTrue(manager.getMergeSlashes(), "merge_slashes");
        assertEquals(HttpConnectionManager.PathWithEscapedSlashesAction.REJECT_REQUEST, manager.getPathWithEscapedSlashesAction());
        List<Route> routes = routes();
        for (Route route : routes.subList(0, routes.size() - 1)) {
            assertTrue(route.getMatch().getPrefix().startsWith("/api/") || route.getMatch().getPath().equals("/.well-known/jwks.json")
                            || route.getMatch().getSafeRegex().getRegex().startsWith("/api/"),
                    route.getMatch() + " reaches the edge");
        }
        Route last = routes.getLast();
        assertEquals("/", last.getMatch().getPrefix());
        assertEquals(404, last.getDirectResponse().getStatus(), "/q/ and anything else outside the API");
    }

    @Test
    void theClientAddressIsThePeerEnvoySawNeverOneTheClientWrote() throws InvalidProtocolBufferException {
        var forwardedFor = connectionManager().getRouteConfig().getVirtualHosts(0).getRequestHeadersToAddList().stream()
                .filter(header -> header.getHeader().getKey().equalsIgnoreCase("x-forwarded-for")).findFirst().orElseThrow();
        assertEquals("%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%", forwardedFor.getHeader().getValue());
        assertEquals(HeaderValueOption.HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD, forwardedFor.getAppendAction());
    }

    @Test
    void aClosingRunMayTakeTheEdgesMinuteAndAReadIsNotRetriedBeforeTheEdgeGivesUp() throws InvalidProtocolBufferException {
        List<Route> routes = routes();
        Route closing = routes.stream().filter(route -> route.getMatch().getPrefix().equals("/api/admin/jobs/"))
                .findFirst().orElseThrow();
        // edge-proxy gives closing-job 60 s and booking-service 8 s (encore.edge.upstreams.*.timeout)
        assertTrue(closing.getRoute().getTimeout().getSeconds() > 60, "the closing route's timeout");
        assertTrue(closing.getRoute().getIdleTimeout().getSeconds() > 60, "the closing route's idle timeout");
        for (Route route : routes) {
            if (route.hasRoute() && route.getRoute().hasRetryPolicy()) {
                assertTrue(route.getRoute().getRetryPolicy().getPerTryTimeout().getSeconds() > 8, route.getMatch().toString());
            }
        }
    }

    @Test
    void theLiveSeatMapIsNeverCutByATimeoutButADeadStreamIs() throws InvalidProtocolBufferException {
        String path = "/api/performances/42/seats/events";
        Route events = routes().stream()
                .filter(route -> route.getMatch().hasSafeRegex()
                        && Pattern.matches(route.getMatch().getSafeRegex().getRegex(), path))
                .findFirst().orElseThrow(() -> new AssertionError("no route of its own for " + path));
        assertEquals(routes().stream().filter(route -> route.getMatch().hasSafeRegex()).findFirst().orElseThrow(), events);
        assertTrue(routes().indexOf(events) < routes().stream().map(route -> route.getMatch().getPrefix()).toList().indexOf("/api/"),
                "it comes before the /api/ routes, which would time the stream out");
        assertEquals(0, events.getRoute().getTimeout().getSeconds(), "no route timeout");
        // the same pods through a cluster of its own: open streams count against limits of their own
        Cluster streams = bootstrap.getStaticResources().getClustersList().stream()
                .filter(cluster -> cluster.getName().equals(events.getRoute().getCluster())).findFirst().orElseThrow();
        Cluster requests = bootstrap.getStaticResources().getClustersList().stream()
                .filter(cluster -> cluster.getName().equals("edge_proxy")).findFirst().orElseThrow();
        assertFalse(streams.getName().equals(requests.getName()), "streams share the requests' cluster");
        assertEquals(requests.getLoadAssignment().getEndpoints(0), streams.getLoadAssignment().getEndpoints(0));
        assertEquals(requests.getHealthChecks(0), streams.getHealthChecks(0));
        assertTrue(streams.getCircuitBreakers().getThresholds(0).getMaxRequests().getValue() >= 10_000);
        // the stream carries a comment every 5 s
        assertTrue(events.getRoute().getIdleTimeout().getSeconds() > 5, "idle timeout above the heartbeat");
        assertTrue(connectionManager().getStreamIdleTimeout().getSeconds() > 5);
        assertFalse(events.getRoute().hasRetryPolicy());
    }

    @Test
    void onlyIdempotentMethodsAreRetried() throws InvalidProtocolBufferException {
        for (Route route : routes()) {
            if (route.getRoute().hasRetryPolicy()) {
                String method = route.getMatch().getHeadersList().stream()
                        .filter(header -> header.getName().equals(":method"))
                        .map(header -> header.getStringMatch().getExact())
                        .findFirst().orElse("any");
                assertTrue(Set.of("GET", "HEAD").contains(method), "a route for " + method + " retries");
            }
        }
    }

    @Test
    void publicListenerTerminatesTlsForBothHttpVersionsAndLimitsConnections() throws InvalidProtocolBufferException {
        Listener listener = bootstrap.getStaticResources().getListeners(0);
        var chain = listener.getFilterChains(0);
        DownstreamTlsContext tls = chain.getTransportSocket().getTypedConfig().unpack(DownstreamTlsContext.class);
        assertEquals(List.of("h2", "http/1.1"), tls.getCommonTlsContext().getAlpnProtocolsList());
        assertFalse(tls.getCommonTlsContext().getTlsCertificates(0).getCertificateChain().getFilename().isBlank());
        assertEquals("envoy.filters.network.connection_limit", chain.getFilters(0).getName());

        HttpConnectionManager manager = connectionManager();
        assertTrue(manager.hasRequestTimeout() && manager.hasStreamIdleTimeout()
                && manager.getCommonHttpProtocolOptions().hasIdleTimeout());
        assertTrue(manager.getUseRemoteAddress().getValue());
        List<String> filters = manager.getHttpFiltersList().stream().map(HttpFilter::getName).toList();
        assertTrue(filters.contains("envoy.filters.http.local_ratelimit"));
        assertEquals("envoy.filters.http.router", filters.getLast(), "the router must be the last filter");
        assertTrue(manager.getAccessLog(0).getTypedConfig().unpack(StdoutAccessLog.class).getLogFormat().hasJsonFormat());
    }

    @Test
    void edgeProxyClusterIsFoundByDnsGuardedAndHealthChecked() {
        Cluster edge = bootstrap.getStaticResources().getClustersList().stream()
                .filter(cluster -> cluster.getName().equals("edge_proxy")).findFirst().orElseThrow();
        assertEquals(Cluster.DiscoveryType.STRICT_DNS, edge.getType());
        assertTrue(edge.getLoadAssignment().getEndpoints(0).getLbEndpoints(0).getEndpoint().getAddress()
                .getSocketAddress().getAddress().startsWith("edge-proxy."));
        assertTrue(edge.getCircuitBreakers().getThresholds(0).hasMaxPendingRequests());
        assertTrue(edge.hasOutlierDetection());
        assertEquals("/q/health/ready", edge.getHealthChecks(0).getHttpHealthCheck().getPath());
    }

    @Test
    void adminListensOnLoopbackOnly() {
        var admin = bootstrap.getAdmin().getAddress().getSocketAddress();
        assertEquals("127.0.0.1", admin.getAddress());
        assertTrue(bootstrap.getStaticResources().getListenersList().stream()
                .noneMatch(listener -> listener.getAddress().getSocketAddress().getPortValue() == admin.getPortValue()));
    }

    private static HttpConnectionManager connectionManager() throws InvalidProtocolBufferException {
        for (Filter filter : bootstrap.getStaticResources().getListeners(0).getFilterChains(0).getFiltersList()) {
            if (filter.getTypedConfig().is(HttpConnectionManager.class)) {
                return filter.getTypedConfig().unpack(HttpConnectionManager.class);
            }
        }
        throw new AssertionError("no HTTP connection manager on the public listener");
    }

    private static List<Route> routes() throws InvalidProtocolBufferException {
        return connectionManager().getRouteConfig().getVirtualHostsList().stream()
                .flatMap(host -> host.getRoutesList().stream()).toList();
    }
}
