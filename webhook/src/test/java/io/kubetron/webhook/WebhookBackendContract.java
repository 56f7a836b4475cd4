package io.kubetron.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubetron.backend.BackendPort;
import io.kubetron.backend.NetworkBackend;
import io.kubetron.backend.NetworkSpec;
import io.kubetron.backend.OwnerFilter;
import io.kubetron.common.signing.NetworksSignature;
import io.kubetron.common.signing.SignedPod;
import io.kubetron.lab.Pki;
import io.kubetron.model.Annotations;
import io.kubetron.model.NetworksSpec;
import io.kubetron.model.PodConditions;
import io.kubetron.model.selection.NetworkSelection;
import io.kubetron.testkit.signing.TestSigning;
import io.kubetron.webhook.server.ServerSettings;
import io.kubetron.webhook.server.WebhookServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The webhook over real HTTPS against a real backend: what the API server would send, what the backend then holds.
 * Subclasses open the backend (OVN-direct, Neutron) from the lab.
 */
abstract class WebhookBackendContract {
    static final String NAMESPACE = "whit";

    @TempDir
    Path dir;

    private NetworkBackend backend;
    private String red;
    private String blue;
    private Pki.Identity tls;
    private HttpClient client;
    private int octet;

    /** The real backend, opened on the lab. */
    abstract NetworkBackend openBackend();

    /** Networks of this test, subnets in {@code 10.<octet>.x.0/24}. */
    void setUp(int octet) {
        backend = openBackend();
        this.octet = octet;
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        red = "wh-red-" + suffix;
        blue = "wh-blue-" + suffix;
        backend.createNetwork(new NetworkSpec(
                red, new NetworkSpec.SubnetSpec("10." + octet + ".1.0/24", null, List.of()), null, null));
        backend.createNetwork(new NetworkSpec(
                blue, new NetworkSpec.SubnetSpec("10." + octet + ".2.0/24", null, List.of()), null, null));
        tls = TestTls.serverIdentity(dir.resolve("pki"), "ca");
        client = TestTls.clientTrusting(tls.caCertificate());
    }

    @AfterEach
    void cleanUp() {
        if (backend == null) {
            return;
        }
        for (BackendPort p : backend.listOwnedPorts(new OwnerFilter(NAMESPACE, null))) {
            backend.deletePort(p.id());
        }
        backend.deleteNetwork(red);
        backend.deleteNetwork(blue);
        backend.close();
    }

    private Webhook start(NetworkBackend b) throws Exception {
        return Webhook.start(
                b,
                AdmissionSettings.defaults().withSigningKeys(TestSigning.writeTo(dir.resolve("signing-keys"))),
                ServerSettings.of(new InetSocketAddress("127.0.0.1", 0), tls.certificate(), tls.privateKey()),
                io.kubetron.webhook.create.PortsAdmitted.NONE,
                NamesAreNetworks.DIRECTORY);
    }

    private JsonNode post(Webhook w, byte[] body) throws Exception {
        HttpResponse<String> r = client.send(
                HttpRequest.newBuilder(
                                URI.create("https://127.0.0.1:" + w.address().getPort() + WebhookServer.ADMISSION_PATH))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return Fixtures.JSON.readTree(r.body());
    }

    /** The kubectl-applied Pod fixture, renamed, in our namespace, asking for the two networks. */
    private ObjectNode createReview(String pod, boolean dryRun) {
        ObjectNode root = (ObjectNode) Fixtures.tree("create-last-applied.json");
        ObjectNode req = (ObjectNode) root.get("request");
        req.put("uid", UUID.randomUUID().toString());
        req.put("name", pod);
        req.put("namespace", NAMESPACE);
        req.put("dryRun", dryRun);
        ObjectNode meta = (ObjectNode) req.get("object").get("metadata");
        meta.put("name", pod);
        meta.put("namespace", NAMESPACE);
        ((ObjectNode) meta.get("annotations")).put(Annotations.NETWORKS, red + ", " + blue);
        return root;
    }

    private ObjectNode deleteReview(String pod, JsonNode createdPod) {
        ObjectNode root = (ObjectNode) Fixtures.tree("delete-oldobject.json");
        ObjectNode req = (ObjectNode) root.get("request");
        req.put("uid", UUID.randomUUID().toString());
        req.put("name", pod);
        req.put("namespace", NAMESPACE);
        req.set("oldObject", createdPod);
        return root;
    }

    private List<BackendPort> portsOf(String pod) {
        return backend.listOwnedPorts(OwnerFilter.pod(NAMESPACE, pod));
    }

    @Test
    void aTwoNetworkPodGetsBothPortsAndADeleteAdmissionLeavesThemToTheLifecycleController() throws Exception {
        try (Webhook w = start(backend)) {
            ObjectNode create = createReview("pod-a", false);
            JsonNode resp = post(w, Fixtures.JSON.writeValueAsBytes(create));
            assertThat(resp.at("/response/allowed").asBoolean())
                    .as(resp.toString())
                    .isTrue();
            JsonNode pod = Fixtures.patchedPod(create, resp);

            NetworksSpec spec = NetworksSpec.parse(pod.at("/metadata/annotations")
                    .get(Annotations.NETWORKS_SPEC)
                    .asString());
            assertThat(spec.ports()).containsOnlyKeys(red, blue);
            List<BackendPort> ports = portsOf("pod-a");
            assertThat(ports).hasSize(2);
            assertThat(ports.stream().map(BackendPort::id).collect(Collectors.toSet()))
                    .isEqualTo(spec.ports().values().stream()
                            .map(NetworksSpec.Port::portId)
                            .collect(Collectors.toSet()));
            for (BackendPort p : ports) {
                NetworksSpec.Port s = spec.ports().get(p.networkName());
                assertThat(s.portName()).isEqualTo(p.name()).hasSize(14);
                assertThat(s.macAddress()).isEqualTo(p.macAddress());
                assertThat(p.owner().requestUid())
                        .isEqualTo(create.at("/request/uid").asString());
            }
            // the default: a native sidecar, first of the init containers
            JsonNode side = pod.at("/spec/initContainers/0");
            assertThat(side.get("name").asString()).isEqualTo("kubetron-request-sidecart");
            assertThat(side.get("restartPolicy").asString()).isEqualTo("Always");
            assertThat(side.at("/resources/limits")
                            .get("kubetron.network.kubevirt.io/overlay")
                            .asString())
                    .isEqualTo("2");
            assertThat(side.get("args"))
                    .extracting(JsonNode::asString)
                    .containsExactlyInAnyOrderElementsOf(spec.ports().values().stream()
                            .map(NetworksSpec.Port::portName)
                            .toList());
            assertThat(pod.at("/spec/readinessGates/0/conditionType").asString())
                    .isEqualTo(PodConditions.NETWORKS_READY);

            // a DELETE (an older configuration may still send one) is allowed and changes nothing: a graceful
            // deletion's Pod runs on for its grace period; the lifecycle controller releases the ports when the
            // object is gone
            JsonNode del = post(w, Fixtures.JSON.writeValueAsBytes(deleteReview("pod-a", pod)));
            assertThat(del.at("/response/allowed").asBoolean()).isTrue();
            assertThat(del.has("patch") || del.at("/response/patch").isString()).isFalse();
            assertThat(portsOf("pod-a")).hasSize(2);
        }
    }

    /**
     * A Pod copied from an admitted one, its networksSpec and signature with it (as {@code kubectl get -o yaml} gives
     * them): refused over HTTPS, and the backend holds no new port; the first Pod's signature verifies only for it.
     */
    @Test
    void aCreateCarryingAnotherPodsNetworksSpecIsRefusedAndMakesNoPort() throws Exception {
        try (Webhook w = start(backend)) {
            ObjectNode create = createReview("pod-s", false);
            JsonNode pod = Fixtures.patchedPod(create, post(w, Fixtures.JSON.writeValueAsBytes(create)));
            JsonNode a = pod.at("/metadata/annotations");
            String spec = a.get(Annotations.NETWORKS_SPEC).asString();
            String signature = a.get(Annotations.NETWORKS_SIGNATURE).asString();
            assertThat(NetworksSignature.verify(
                                    TestSigning.keys(), new SignedPod(NAMESPACE, "pod-s", null), spec, signature)
                            .valid())
                    .isTrue();
            List<BackendPort> before = backend.listOwnedPorts(new OwnerFilter(NAMESPACE, null));

            ObjectNode copy = createReview("pod-copy", false);
            ObjectNode ann = (ObjectNode) copy.at("/request/object/metadata/annotations");
            ann.put(Annotations.NETWORKS_SPEC, spec);
            ann.put(Annotations.NETWORKS_SIGNATURE, signature);
            JsonNode resp = post(w, Fixtures.JSON.writeValueAsBytes(copy));
            assertThat(resp.at("/response/allowed").asBoolean()).isFalse();
            assertThat(resp.at("/response/status/code").asInt()).isEqualTo(400);
            assertThat(resp.at("/response/status/message").asString()).contains("which only Kubetron writes");
            assertThat(portsOf("pod-copy")).isEmpty();
            assertThat(backend.listOwnedPorts(new OwnerFilter(NAMESPACE, null)))
                    .extracting(BackendPort::id)
                    .containsExactlyInAnyOrderElementsOf(
                            before.stream().map(BackendPort::id).toList());
        }
    }

    @Test
    void aFailureOnTheSecondPortIsDeniedAndLeavesNoPort() throws Exception {
        try (Webhook w = start(new FailOnNthCreate(backend, 2))) {
            JsonNode resp = post(w, Fixtures.JSON.writeValueAsBytes(createReview("pod-b", false)));
            assertThat(resp.at("/response/allowed").asBoolean()).isFalse();
            assertThat(resp.at("/response/status/code").asInt()).isEqualTo(422);
            assertThat(resp.at("/response/status/message").asString())
                    .contains(
                            "creating the Pod's ports (" + red + ", " + blue + ") failed: injected failure on port 2");
            assertThat(portsOf("pod-b")).isEmpty();
            assertThat(backend.listOwnedPorts(new OwnerFilter(NAMESPACE, null))).isEmpty();
        }
    }

    @Test
    void aDryRunCreatesNoPort() throws Exception {
        try (Webhook w = start(backend)) {
            JsonNode resp = post(w, Fixtures.JSON.writeValueAsBytes(createReview("pod-c", true)));
            assertThat(resp.at("/response/allowed").asBoolean()).isTrue();
            assertThat(resp.at("/response/warnings/0").asString()).contains("dry run");
            assertThat(portsOf("pod-c")).isEmpty();
            assertThat(backend.listOwnedPorts(new OwnerFilter(NAMESPACE, null))).isEmpty();
        }
    }

    @Test
    void unknownNetworksAreDeniedWithTheirNames() throws Exception {
        try (Webhook w = start(backend)) {
            ObjectNode create = createReview("pod-d", false);
            ((ObjectNode) create.at("/request/object/metadata/annotations"))
                    .put(Annotations.NETWORKS, red + ", wh-nope-1, wh-nope-2");
            JsonNode resp = post(w, Fixtures.JSON.writeValueAsBytes(create));
            assertThat(resp.at("/response/allowed").asBoolean()).isFalse();
            assertThat(resp.at("/response/status/message").asString()).contains("wh-nope-1, wh-nope-2");
            assertThat(portsOf("pod-d")).isEmpty();
        }
    }

    /**
     * A Pod asking the Network Plumbing WG's way for a fixed address, MAC and interface name: the backend's port has
     * exactly those; a second Pod asking for the same address is refused naming it, and gets no port.
     */
    @Test
    void aStandardSelectionGetsTheAddressMacAndInterfaceItAskedFor() throws Exception {
        String ip = "10." + octet + ".1.50";
        try (Webhook w = start(backend)) {
            ObjectNode create = createReview("pod-s", false);
            ObjectNode annotations = (ObjectNode) create.at("/request/object/metadata/annotations");
            annotations.remove(Annotations.NETWORKS);
            annotations.put(
                    NetworkSelection.ANNOTATION,
                    "[{\"name\":\"" + red + "\",\"interface\":\"data0\",\"mac\":\"02:00:0a:00:01:32\",\"ips\":[\"" + ip
                            + "/24\"]},{\"name\":\"" + blue + "\"}]");
            JsonNode resp = post(w, Fixtures.JSON.writeValueAsBytes(create));
            assertThat(resp.at("/response/allowed").asBoolean())
                    .as(resp.toString())
                    .isTrue();
            NetworksSpec spec = NetworksSpec.parse(Fixtures.patchedPod(create, resp)
                    .at("/metadata/annotations")
                    .get(Annotations.NETWORKS_SPEC)
                    .asString());
            assertThat(spec.ports()).containsOnlyKeys(NAMESPACE + "/" + red, NAMESPACE + "/" + blue);
            BackendPort port = portsOf("pod-s").stream()
                    .filter(p -> p.networkName().equals(red))
                    .findFirst()
                    .orElseThrow();
            assertThat(port.name()).isEqualTo("data0");
            assertThat(port.macAddress()).isEqualTo("02:00:0a:00:01:32");
            assertThat(port.fixedIps()).containsExactly(ip);
            assertThat(spec.ports().get(NAMESPACE + "/" + red).fixedIps()).containsExactly(ip);

            ObjectNode again = createReview("pod-t", false);
            ObjectNode a2 = (ObjectNode) again.at("/request/object/metadata/annotations");
            a2.remove(Annotations.NETWORKS);
            a2.put(NetworkSelection.ANNOTATION, "[{\"name\":\"" + red + "\",\"ips\":[\"" + ip + "\"]}]");
            JsonNode refused = post(w, Fixtures.JSON.writeValueAsBytes(again));
            assertThat(refused.at("/response/allowed").asBoolean()).isFalse();
            assertThat(refused.at("/response/status/message").asString())
                    .contains(ip + " on network " + red + " is in use by port data0 of Pod " + NAMESPACE + "/pod-s");
            assertThat(portsOf("pod-t")).isEmpty();
        }
    }

    static Set<String> ids(List<BackendPort> ports) {
        return ports.stream().map(BackendPort::id).collect(Collectors.toSet());
    }
}
