package io.kubetron.neutron;

import io.kubetron.common.retry.Backoff;
import io.kubetron.common.tls.TlsContexts;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A client of the Neutron Networking API v2.0: networks, subnets and ports, with Keystone v3 tokens renewed
 * transparently and TLS verified against a CA bundle. Thread-safe; one instance per Neutron is enough.
 */
public final class NeutronClient {
    private final NeutronAuth auth;
    private final JsonHttp http;
    private final KeystoneSession keystone;

    /**
     * @param caBundle PEM CA bundle that signs the server certificates, or null for the JDK's trust store
     * @param allowPlainHttp whether {@code http://} endpoints are accepted (development only; refused by default)
     */
    public NeutronClient(NeutronAuth auth, Path caBundle, Duration timeout, boolean allowPlainHttp) {
        this(auth, caBundle, timeout, allowPlainHttp, Clock.systemUTC());
    }

    /** With the clock token expiry is judged by (tests move it forward). */
    NeutronClient(NeutronAuth auth, Path caBundle, Duration timeout, boolean allowPlainHttp, Clock clock) {
        this(auth, TlsContexts.trusting(caBundle), timeout, allowPlainHttp, clock);
    }

    /**
     * With a ready TLS context ({@link TlsContexts#trusting} for a CA bundle, {@link TlsContexts#trustingAnything}
     * only when an operator asked for it).
     */
    public NeutronClient(NeutronAuth auth, javax.net.ssl.SSLContext tls, Duration timeout, boolean allowPlainHttp) {
        this(auth, tls, timeout, allowPlainHttp, Clock.systemUTC());
    }

    private NeutronClient(
            NeutronAuth auth, javax.net.ssl.SSLContext tls, Duration timeout, boolean allowPlainHttp, Clock clock) {
        this.auth = auth;
        this.http = new JsonHttp(tls, timeout);
        if (!allowPlainHttp) {
            for (URI u : urls(auth)) {
                if (!"https".equals(u.getScheme())) {
                    throw new IllegalArgumentException(u + " is not HTTPS; Kubetron talks TLS to Neutron and Keystone "
                            + "(allow plain HTTP explicitly for development only)");
                }
            }
        }
        this.keystone = auth instanceof NeutronAuth.Keystone k ? new KeystoneSession(k, http, clock) : null;
    }

    private static List<URI> urls(NeutronAuth auth) {
        return switch (auth) {
            case NeutronAuth.None n -> List.of(n.endpoint());
            case NeutronAuth.Keystone k ->
                k.endpoint() == null ? List.of(k.authUrl()) : List.of(k.authUrl(), k.endpoint());
        };
    }

    // ---------------------------------------------------------------- networks

    public List<NeutronNetwork> listNetworks(Map<String, String> filters) {
        return list("networks", filters, Resources::network, "list networks");
    }

    public Optional<NeutronNetwork> getNetwork(String id) {
        return get("networks/" + id, "network", Resources::network, "show network " + id);
    }

    public NeutronNetwork createNetwork(NetworkCreate spec) {
        ObjectNode body = JsonHttp.JSON.createObjectNode();
        ObjectNode n = body.putObject("network");
        n.put("name", spec.name());
        n.put("admin_state_up", true);
        if (spec.physicalNetwork() != null) {
            n.put("provider:physical_network", spec.physicalNetwork());
            n.put("provider:network_type", spec.vlan() == null ? "flat" : "vlan");
            if (spec.vlan() != null) {
                n.put("provider:segmentation_id", spec.vlan());
            }
        }
        if (spec.mtu() != null) {
            n.put("mtu", spec.mtu());
        }
        putIfSet(n, "description", spec.description());
        return Resources.network(call("POST", "networks", body, "create network " + spec.name())
                .body()
                .get("network"));
    }

    /** Deletes a network; returns false if it did not exist. */
    public boolean deleteNetwork(String id) {
        return delete("networks/" + id, "delete network " + id);
    }

    // ---------------------------------------------------------------- subnets

    public List<NeutronSubnet> listSubnets(Map<String, String> filters) {
        return list("subnets", filters, Resources::subnet, "list subnets");
    }

    public NeutronSubnet createSubnet(SubnetCreate spec) {
        ObjectNode body = JsonHttp.JSON.createObjectNode();
        ObjectNode s = body.putObject("subnet");
        s.put("network_id", spec.networkId());
        s.put("ip_version", 4);
        s.put("cidr", spec.cidr());
        s.put("enable_dhcp", spec.enableDhcp());
        if (spec.name() != null) {
            s.put("name", spec.name());
        }
        if (spec.gatewayIp() != null) {
            s.put("gateway_ip", spec.gatewayIp());
        }
        if (!spec.dnsNameservers().isEmpty()) {
            var dns = s.putArray("dns_nameservers");
            spec.dnsNameservers().forEach(dns::add);
        }
        if (!spec.allocationPools().isEmpty()) {
            var pools = s.putArray("allocation_pools");
            spec.allocationPools()
                    .forEach(p -> pools.addObject().put("start", p.start()).put("end", p.end()));
        }
        return Resources.subnet(call("POST", "subnets", body, "create subnet " + spec.cidr())
                .body()
                .get("subnet"));
    }

    public boolean deleteSubnet(String id) {
        return delete("subnets/" + id, "delete subnet " + id);
    }

    // ---------------------------------------------------------------- ports

    public List<NeutronPort> listPorts(Map<String, String> filters) {
        return list("ports", filters, Resources::port, "list ports");
    }

    public Optional<NeutronPort> getPort(String id) {
        return get("ports/" + id, "port", Resources::port, "show port " + id);
    }

    public NeutronPort createPort(PortCreate spec) {
        ObjectNode body = JsonHttp.JSON.createObjectNode();
        port(body.putObject("port"), spec);
        return Resources.port(
                call("POST", "ports", body, "create port " + spec.name() + " on network " + spec.networkId())
                        .body()
                        .get("port"));
    }

    /**
     * Creates ports in one bulk request ({@code POST /v2.0/ports} with {@code {"ports": [...]}}), which Neutron
     * performs atomically: all of them or none (ML2's {@code create_port_bulk} writes them in one database
     * transaction). Never retried, like every create.
     *
     * @return the ports, in the order asked
     */
    public List<NeutronPort> createPorts(List<PortCreate> specs) {
        ObjectNode body = JsonHttp.JSON.createObjectNode();
        var ports = body.putArray("ports");
        specs.forEach(spec -> port(ports.addObject(), spec));
        String what = "create ports " + specs.stream().map(PortCreate::name).collect(Collectors.joining(", "));
        JsonNode created = call("POST", "ports", body, what).body().path("ports");
        List<NeutronPort> out = new ArrayList<>();
        for (JsonNode p : created) {
            out.add(Resources.port(p));
        }
        if (out.size() != specs.size()) {
            throw new NeutronException(
                    what + ": answered " + out.size() + " port(s) for " + specs.size(), 502, "", null);
        }
        return out;
    }

    private static void port(ObjectNode p, PortCreate spec) {
        p.put("network_id", spec.networkId());
        p.put("admin_state_up", true);
        putIfSet(p, "name", spec.name());
        putIfSet(p, "mac_address", spec.macAddress());
        putIfSet(p, "device_owner", spec.deviceOwner());
        putIfSet(p, "device_id", spec.deviceId());
        putIfSet(p, "description", spec.description());
        putIfSet(p, "binding:host_id", spec.hostId());
        if (!spec.fixedIps().isEmpty()) {
            var ips = p.putArray("fixed_ips");
            for (NeutronPort.FixedIp ip : spec.fixedIps()) {
                ObjectNode o = ips.addObject();
                putIfSet(o, "subnet_id", ip.subnetId());
                o.put("ip_address", ip.ipAddress());
            }
        }
    }

    /** Deletes a port; returns false if it did not exist (already gone is success for callers cleaning up). */
    public boolean deletePort(String id) {
        return delete("ports/" + id, "delete port " + id);
    }

    /** Answers whether Neutron (and Keystone) respond; throws {@link NeutronException} with the reason if not. */
    public void check() {
        call("GET", "networks?limit=1", null, "check Neutron");
    }

    /** The Keystone token in use (tests revoke it to check renewal); null without Keystone. */
    String currentToken() {
        return keystone == null ? null : keystone.token(null).id();
    }

    // ---------------------------------------------------------------- plumbing

    private static void putIfSet(ObjectNode n, String field, String value) {
        if (value != null) {
            n.put(field, value);
        }
    }

    private <T> List<T> list(
            String collection, Map<String, String> filters, Function<JsonNode, T> reader, String what) {
        List<T> out = new ArrayList<>();
        String query = filters.isEmpty()
                ? ""
                : "?"
                        + filters.entrySet().stream()
                                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                                .collect(Collectors.joining("&"));
        String path = collection + query;
        while (path != null) {
            JsonNode body = call("GET", path, null, what).body();
            for (JsonNode n : body.path(collection)) {
                out.add(reader.apply(n));
            }
            path = null;
            for (JsonNode link : body.path(collection + "_links")) {
                if ("next".equals(link.path("rel").asString())) {
                    String href = link.path("href").asString();
                    path = href.substring(href.indexOf("/v2.0/") + "/v2.0/".length());
                }
            }
        }
        return out;
    }

    private <T> Optional<T> get(String path, String field, Function<JsonNode, T> reader, String what) {
        try {
            return Optional.of(reader.apply(call("GET", path, null, what).body().get(field)));
        } catch (NeutronException e) {
            if (e.notFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private boolean delete(String path, String what) {
        try {
            call("DELETE", path, null, what);
            return true;
        } catch (NeutronException e) {
            if (e.notFound()) {
                return false;
            }
            throw e;
        }
    }

    /**
     * One call, retried with backoff when it is idempotent (GET, DELETE) and Neutron was unreachable or failed (5xx):
     * a create is never repeated, since the first attempt may have succeeded on the server.
     */
    private JsonHttp.Reply call(String method, String path, JsonNode body, String what) {
        boolean idempotent = method.equals("GET") || method.equals("DELETE");
        Backoff.Attempts attempts = RETRY.start();
        while (true) {
            try {
                return callOnce(method, path, body, what);
            } catch (NeutronException e) {
                if (!idempotent || !e.unavailable() || attempts.retries() + 1 >= RETRY_ATTEMPTS) {
                    throw e;
                }
                try {
                    Thread.sleep(attempts.next());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Three tries in all, 200 ms then 400 ms apart. */
    private static final int RETRY_ATTEMPTS = 3;

    private static final Backoff RETRY = Backoff.exponential(Duration.ofMillis(200), Duration.ofSeconds(2));

    private JsonHttp.Reply callOnce(String method, String path, JsonNode body, String what) {
        if (keystone == null) {
            URI base = ((NeutronAuth.None) auth).endpoint();
            return http.send(method, resolve(base, path), Map.of(), body, what);
        }
        KeystoneSession.Token token = keystone.token(null);
        try {
            return http.send(method, resolve(token.networkEndpoint(), path), headers(token), body, what);
        } catch (NeutronException e) {
            if (!e.unauthorized()) {
                throw e;
            }
            // revoked or expired early: renew once, transparently
            KeystoneSession.Token fresh = keystone.token(token.id());
            return http.send(method, resolve(fresh.networkEndpoint(), path), headers(fresh), body, what);
        }
    }

    private static Map<String, String> headers(KeystoneSession.Token token) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("X-Auth-Token", token.id());
        return h;
    }

    private static URI resolve(URI base, String path) {
        String b = base.toString().replaceAll("/+$", "");
        if (b.endsWith("/v2.0")) {
            b = b.substring(0, b.length() - "/v2.0".length());
        }
        return URI.create(b + "/v2.0/" + path);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
