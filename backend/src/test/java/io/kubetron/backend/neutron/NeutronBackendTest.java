package io.kubetron.backend.neutron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.kubetron.backend.BackendException;
import io.kubetron.backend.BackendPort;
import io.kubetron.backend.Network;
import io.kubetron.backend.PortRequest;
import io.kubetron.model.owner.OwnerKeys;
import io.kubetron.model.owner.OwnerText;
import io.kubetron.model.owner.PortOwner;
import io.kubetron.neutron.NeutronAuth;
import io.kubetron.neutron.NeutronClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Neutron backend's bulk create against a scripted Neutron: the request it sends, how it reads Neutron's refusals
 * (the bodies recorded from the real neutron-server under shared/samples), and what it removes when an answer is not
 * what was asked or a bulk create failed half-way. The real server is {@link NeutronBackendIT}'s.
 */
class NeutronBackendTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Network RED = new Network(
            "net-red",
            "red",
            null,
            null,
            null,
            List.of(new Network.Subnet("sub-red", "10.10.0.0/24", "10.10.0.1", List.of())));
    private static final PortOwner OWNER = new PortOwner("ns", "web-0", null, null, "req-1");

    /** Answers by "METHOD path?query"; records every request. */
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private NeutronBackend backend;

    private record Answer(int status, String body) {}

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            String key =
                    exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath()
                            + (query == null ? "" : "?" + URLDecoder.decode(query, StandardCharsets.UTF_8));
            requests.add(key);
            byte[] in = exchange.getRequestBody().readAllBytes();
            if (in.length > 0) {
                bodies.add(JSON.readTree(in));
            }
            Answer a = answers.getOrDefault(key, new Answer(404, "{\"NeutronError\":{\"type\":\"NotFound\"}}"));
            byte[] out = a.body() == null ? new byte[0] : a.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                exchange.getResponseBody().write(out);
            }
            exchange.close();
        });
        server.start();
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        backend = new NeutronBackend(new NeutronClient(
                new NeutronAuth.None(url), javax.net.ssl.SSLContext.getDefault(), Duration.ofSeconds(10), true));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static ObjectNode port(String id, String name, String mac, String ip, PortOwner owner) {
        ObjectNode p = JSON.createObjectNode();
        p.put("id", id);
        p.put("name", name);
        p.put("network_id", RED.id());
        p.put("mac_address", mac);
        p.putArray("fixed_ips").addObject().put("subnet_id", "sub-red").put("ip_address", ip);
        p.put("device_owner", owner == null ? "compute:nova" : OwnerKeys.BACKEND_CREATOR);
        p.put("device_id", owner == null ? "vm-1" : "req-1");
        p.put("description", owner == null ? "" : OwnerText.encode(owner, RED.name()));
        return p;
    }

    private static String ports(ObjectNode... ports) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode a = body.putArray("ports");
        for (ObjectNode p : ports) {
            a.add(p);
        }
        return body.toString();
    }

    private static String error(String type, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("NeutronError").put("type", type).put("message", message).put("detail", "");
        return body.toString();
    }

    @Test
    void thePortsOfOneCallAreOneBulkRequestWithTheirMacAndFixedIps() {
        answers.put(
                "POST /v2.0/ports",
                new Answer(
                        201,
                        ports(
                                port("p1", "red-a", "fa:16:3e:00:00:01", "10.10.0.2", OWNER),
                                port("p2", "red-b", "0a:00:00:00:00:05", "10.10.0.5", OWNER))));
        List<BackendPort> made = backend.createPorts(List.of(
                new PortRequest(RED, "red-a", OWNER),
                new PortRequest(RED, "red-b", OWNER, "0A:00:00:00:00:05", List.of("10.10.0.5"))));

        assertThat(requests).containsExactly("POST /v2.0/ports");
        JsonNode sent = bodies.get(0).get("ports");
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).has("fixed_ips")).isFalse();
        assertThat(sent.get(0).has("mac_address")).isFalse();
        assertThat(sent.get(1).get("mac_address").asString()).isEqualTo("0a:00:00:00:00:05");
        assertThat(sent.get(1).get("fixed_ips").toString())
                .isEqualTo("[{\"subnet_id\":\"sub-red\",\"ip_address\":\"10.10.0.5\"}]");
        assertThat(sent.get(1).get("device_owner").asString()).isEqualTo("kubetron");
        assertThat(sent.get(1).get("device_id").asString()).isEqualTo("req-1");
        assertThat(made).extracting(BackendPort::id).containsExactly("p1", "p2");
        assertThat(made.get(1).fixedIps()).containsExactly("10.10.0.5");
        assertThat(made.get(1).owner()).isEqualTo(OWNER);
    }

    @Test
    void neutronsRecordedIpInUseAnswerNamesTheHoldingPortAndPod() throws IOException {
        // the body the real neutron-server answered (shared/samples/neutron/noauth/13-create-port-409-ip-in-use)
        String recorded = error(
                "IpAddressAlreadyAllocated",
                "IP address 10.10.0.10 already allocated in subnet 929af193-15a9-458b-a62c-276d5fce6820");
        answers.put("POST /v2.0/ports", new Answer(409, recorded));
        answers.put(
                "GET /v2.0/ports?network_id=net-red&fixed_ips=ip_address=10.10.0.10",
                new Answer(200, ports(port("p9", "red-x", "fa:16:3e:00:00:09", "10.10.0.10", OWNER))));
        answers.put(
                "GET /v2.0/ports?fixed_ips=ip_address=10.10.0.10&network_id=net-red",
                answers.get("GET /v2.0/ports?network_id=net-red&fixed_ips=ip_address=10.10.0.10"));
        assertThatThrownBy(() -> backend.createPorts(List.of(
                        new PortRequest(RED, "red-a", OWNER),
                        new PortRequest(RED, "red-b", OWNER, null, List.of("10.10.0.10")))))
                .isInstanceOfSatisfying(
                        BackendException.class, e -> assertThat(e.reason()).isEqualTo(BackendException.Reason.CONFLICT))
                .hasMessage("10.10.0.10 on network red is in use by port red-x of Pod ns/web-0");
        assertThat(requests).noneMatch(r -> r.startsWith("DELETE"));
    }

    @Test
    void aMacInUseByAPortNotKubetronsSaysSoWithItsId() {
        answers.put(
                "POST /v2.0/ports",
                new Answer(
                        409,
                        error(
                                "MacAddressInUse",
                                "Unable to complete operation for network net-red. The mac address 0a:00:00:00:00:05 is "
                                        + "in use.")));
        Answer vm = new Answer(200, ports(port("vm-port", "eth0", "0a:00:00:00:00:05", "10.10.0.7", null)));
        answers.put("GET /v2.0/ports?network_id=net-red&mac_address=0a:00:00:00:00:05", vm);
        answers.put("GET /v2.0/ports?mac_address=0a:00:00:00:00:05&network_id=net-red", vm);
        assertThatThrownBy(() -> backend.createPort(new PortRequest(RED, "red-a", OWNER, "0a:00:00:00:00:05", null)))
                .hasMessage(
                        "MAC 0a:00:00:00:00:05 on network red is in use by a port not created by Kubetron (vm-port)");
    }

    @Test
    void anAnswerThatIsNotWhatWasAskedDeletesThePortsAndFails() {
        answers.put(
                "POST /v2.0/ports",
                new Answer(
                        201,
                        ports(
                                port("p1", "red-a", "fa:16:3e:00:00:01", "10.10.0.2", OWNER),
                                port("p2", "red-b", "0a:00:00:00:00:05", "10.10.0.6", OWNER))));
        answers.put("DELETE /v2.0/ports/p1", new Answer(204, null));
        answers.put("DELETE /v2.0/ports/p2", new Answer(204, null));
        assertThatThrownBy(() -> backend.createPorts(List.of(
                        new PortRequest(RED, "red-a", OWNER),
                        new PortRequest(RED, "red-b", OWNER, "0a:00:00:00:00:05", List.of("10.10.0.5")))))
                .isInstanceOfSatisfying(
                        BackendException.class,
                        e -> assertThat(e.reason()).isEqualTo(BackendException.Reason.UNAVAILABLE))
                .hasMessageContaining("red-b got [10.10.0.6] instead of [10.10.0.5]")
                .hasMessageEndingWith("the ports were deleted again");
        assertThat(requests).contains("DELETE /v2.0/ports/p1", "DELETE /v2.0/ports/p2");
    }

    @Test
    void aBulkCreateThatFailedHalfWayLeavesNoneOfItsPorts() {
        // a 500 after ML2's postcommit made the first port: it is found by its owner and deleted; others stay
        answers.put(
                "POST /v2.0/ports", new Answer(500, error("MechanismDriverError", "create_port_postcommit failed")));
        ObjectNode leftover = port("p1", "red-a", "fa:16:3e:00:00:01", "10.10.0.2", OWNER);
        ObjectNode samePodOtherNetworkName = port("p7", "red-z", "fa:16:3e:00:00:07", "10.10.0.7", OWNER);
        Answer list = new Answer(200, ports(leftover, samePodOtherNetworkName));
        answers.put("GET /v2.0/ports?device_owner=kubetron&device_id=req-1", list);
        answers.put("GET /v2.0/ports?device_id=req-1&device_owner=kubetron", list);
        answers.put("DELETE /v2.0/ports/p1", new Answer(204, null));
        assertThatThrownBy(() -> backend.createPorts(
                        List.of(new PortRequest(RED, "red-a", OWNER), new PortRequest(RED, "red-b", OWNER))))
                .isInstanceOfSatisfying(
                        BackendException.class,
                        e -> assertThat(e.reason()).isEqualTo(BackendException.Reason.UNAVAILABLE));
        assertThat(requests).contains("DELETE /v2.0/ports/p1").doesNotContain("DELETE /v2.0/ports/p7");
    }

    @Test
    void addressesNoSubnetMayGiveAreRefusedBeforeAsking() {
        assertThatThrownBy(() -> backend.createPort(new PortRequest(RED, "red-a", OWNER, null, List.of("10.2.0.5"))))
                .hasMessage("10.2.0.5 is outside the subnets of network red (10.10.0.0/24)");
        assertThatThrownBy(() -> backend.createPort(new PortRequest(RED, "red-a", OWNER, null, List.of("10.10.0.1"))))
                .hasMessage("10.10.0.1 is the gateway of network red; ask for another address");
        assertThat(requests).isEmpty();
        assertThat(backend.createPorts(List.of())).isEmpty();
    }
}
