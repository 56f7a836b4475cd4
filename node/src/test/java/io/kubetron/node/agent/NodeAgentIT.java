package io.kubetron.node.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.kubetron.backend.Network;
import io.kubetron.common.signing.KeySetDirectory;
import io.kubetron.common.signing.NetworksSignature;
import io.kubetron.common.signing.SignedPod;
import io.kubetron.emulation.kubelet.KubeletEmulator;
import io.kubetron.emulation.kubelet.PodAllocation;
import io.kubetron.emulation.sandbox.Sandbox;
import io.kubetron.lab.Lab;
import io.kubetron.lab.NetnsPod;
import io.kubetron.lab.NetnsPods;
import io.kubetron.model.Annotations;
import io.kubetron.model.NetworksSpec;
import io.kubetron.node.status.NetworksReadyCondition;
import io.kubetron.ovsdb.vswitch.Interface;
import io.kubetron.testkit.LabExtension;
import io.kubetron.testkit.signing.TestSigning;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The node agent against the lab's real OVS/OVN, ports from the real OVN backend, fabric8's mock API server (CRUD)
 * and sandboxes made the way a node has them: Pods get their interfaces, addresses, status and Events; Pods of other
 * nodes are never touched; deleted Pods lose their interfaces; leftovers found on the node are removed.
 */
@ExtendWith(LabExtension.class)
@EnableKubernetesMockClient(crud = true, https = false)
class NodeAgentIT {
    private static final Duration WAIT = Duration.ofSeconds(40);
    static KubernetesClient client;

    @TempDir
    Path dir;

    private AgentFixture f;
    private NodeAgent agent;

    @BeforeEach
    void setUp(Lab lab) {
        f = new AgentFixture(lab, client);
    }

    /** A client of one test, closed after its agent. */
    private KubernetesClient closeAfter;

    @AfterEach
    void tearDown() {
        if (agent != null) {
            agent.close();
        }
        if (closeAfter != null) {
            closeAfter.close();
        }
        f.close();
    }

    private NodeAgent start(Map<String, String> extra) {
        return start(extra, client);
    }

    private NodeAgent start(Map<String, String> extra, KubernetesClient as) {
        Map<String, String> m = f.settings(dir);
        m.putAll(extra);
        agent = NodeAgent.start(NodeAgentSettings.fromMap(m), as);
        return agent;
    }

    private static Optional<PodCondition> ready(Pod p) {
        return p == null ? Optional.empty() : NetworksReadyCondition.of(p);
    }

    @Test
    void aPodOnRedAndBlueGetsItsInterfacesAddressesStatusAndReadinessAndLosesThemWhenDeleted(NetnsPods peers)
            throws Exception {
        Network red = f.network("ag-red", "10.81.0.0/24");
        Network blue = f.network("ag-blue", "10.82.0.0/24");
        NetnsPod redPeer = f.peer(peers, red, "agr" + f.suffix);
        NetnsPod bluePeer = f.peer(peers, blue, "agb" + f.suffix);
        NetworksSpec spec = f.spec("web", red, blue);
        Sandbox sandbox = f.sandbox("ag" + f.suffix, f.createPod("web", AgentFixture.NODE, spec));
        // a Pod of another node, with a sandbox here that the agent could find: it must not be plumbed
        Sandbox foreign = f.sandbox("agx" + f.suffix, f.createPod("elsewhere", "node-b", f.spec("elsewhere", red)));

        start(Map.of());
        await().atMost(WAIT)
                .until(() -> ready(f.get("web"))
                        .filter(c -> c.getStatus().equals("True"))
                        .isPresent());

        Pod web = f.get("web");
        for (var e : spec.ports().entrySet()) {
            NetworksSpec.Port p = e.getValue();
            assertThat(sandbox.exec("ip", "-o", "link", "show", p.portName())
                            .orThrow()
                            .stdout())
                    .contains("link/ether " + p.macAddress())
                    .containsPattern("[<,]UP[,>]"); // busybox ip prints the flags, not iproute2's "state UP"
            assertThat(sandbox.exec("ip", "-4", "-o", "addr", "show", "dev", p.portName())
                            .orThrow()
                            .stdout())
                    .contains("inet " + p.fixedIps().getFirst() + "/24");
        }
        // the default route stays the primary network's (busybox's ip lists every route: keep the default ones)
        assertThat(sandbox.exec("ip", "route")
                        .orThrow()
                        .stdout()
                        .lines()
                        .filter(l -> l.startsWith("default"))
                        .toList())
                .allSatisfy(l -> assertThat(l).contains("dev eth0"));
        assertThat(sandbox.exec(
                                "busybox",
                                "ping",
                                "-c",
                                "2",
                                "-W",
                                "2",
                                redPeer.ipv4("eth0").orElseThrow())
                        .ok())
                .isTrue();
        assertThat(sandbox.exec(
                                "busybox",
                                "ping",
                                "-c",
                                "2",
                                "-W",
                                "2",
                                bluePeer.ipv4("eth0").orElseThrow())
                        .ok())
                .isTrue();

        JsonNode status =
                new ObjectMapper().readTree(web.getMetadata().getAnnotations().get(Annotations.NETWORK_STATUS));
        assertThat(status).hasSize(2);
        for (JsonNode entry : status) {
            NetworksSpec.Port p = spec.ports().get(entry.get("name").asString());
            assertThat(p)
                    .as("network-status names a network of the Pod: " + entry)
                    .isNotNull();
            assertThat(entry.get("interface").asString()).isEqualTo(p.portName());
            assertThat(entry.get("mac").asString()).isEqualTo(p.macAddress());
            assertThat(entry.get("ips").get(0).asString())
                    .isEqualTo(p.fixedIps().getFirst());
        }
        assertThat(events("web")).extracting(Event::getReason).contains("NetworksReady");
        assertThat(f.interfaces(web.getMetadata().getUid())).hasSize(2).allMatch(Interface::isOvnInstalled);

        // the other node's Pod: no interface, no status, even after a full sweep
        Thread.sleep(2500);
        assertThat(f.interfaces(foreign.uid())).isEmpty();
        assertThat(ready(f.get("elsewhere"))).isEmpty();
        assertThat(secondaryLinks(foreign)).isEmpty();

        // deletion: the kubelet removes the sandbox, the API the Pod; the agent removes the rest
        List<String> ends = f.interfaces(web.getMetadata().getUid()).stream()
                .map(Interface::name)
                .toList();
        client.pods().inNamespace("default").withName("web").delete();
        sandbox.close();
        await().atMost(WAIT)
                .until(() -> f.interfaces(web.getMetadata().getUid()).isEmpty());
        assertThat(f.hostEnds()).doesNotContainAnyElementsOf(ends);
    }

    @Test
    void aMalformedNetworksSpecIsReportedOnThePodAndNothingIsPlumbed() {
        Sandbox sandbox =
                f.sandbox("agm" + f.suffix, f.createPod("broken", AgentFixture.NODE, "{\"red\": {\"portName\": \"x\""));

        start(Map.of());
        await().atMost(WAIT).until(() -> ready(f.get("broken")).isPresent());
        PodCondition c = ready(f.get("broken")).orElseThrow();
        assertThat(c.getStatus()).isEqualTo("False");
        assertThat(c.getReason()).isEqualTo("NetworkSetupFailed");
        assertThat(c.getMessage()).contains("malformed kubetron.network.kubevirt.io/networksSpec");
        assertThat(events("broken")).anySatisfy(e -> {
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getMessage()).contains("malformed");
        });
        assertThat(f.interfaces(sandbox.uid())).isEmpty();
        assertThat(secondaryLinks(sandbox)).isEmpty();
    }

    /**
     * A tenant of another namespace writes a networksSpec naming a port already plugged for someone else's Pod (as
     * it can where no admission policy stops it): without a signature, with the victim's signature copied, with a
     * made-up one, with one of a key nobody has; and a Pod of theirs that was plugged with its own port has its
     * networksSpec changed to the victim's. None gets anything plugged; the victim keeps its port, bound here.
     */
    @Test
    void aPodNamingAnotherPodsPortWithoutASignatureForItselfGetsNothingAndTheVictimKeepsItsPort() throws Exception {
        Network red = f.network("ag-sg", "10.76.0.0/24");
        NetworksSpec spec = f.spec("victim", red);
        String specJson = spec.toJson();
        String portId = spec.ports().values().iterator().next().portId();
        String portName = spec.ports().values().iterator().next().portName();
        Pod victim = f.createPod("victim", AgentFixture.NODE, specJson);
        Sandbox victimBox = f.sandbox("agv" + f.suffix, victim);
        String mallorysOwn = f.spec("mallory", red).toJson();
        Pod mallory = f.createPod(
                "tenant-b",
                "mallory",
                AgentFixture.NODE,
                mallorysOwn,
                TestSigning.sign("tenant-b", "mallory", mallorysOwn));
        Sandbox malloryBox = f.sandbox("agy" + f.suffix, mallory);

        start(Map.of());
        for (String[] p : new String[][] {{"default", "victim"}, {"tenant-b", "mallory"}}) {
            await().atMost(WAIT)
                    .until(() -> ready(f.get(p[0], p[1]))
                            .filter(c -> c.getStatus().equals("True"))
                            .isPresent());
        }
        String victimSig = victim.getMetadata().getAnnotations().get(Annotations.NETWORKS_SIGNATURE);
        Map<String, String[]> thieves = Map.of(
                "thief-none", new String[] {null, "SignatureMissing"},
                "thief-copy", new String[] {victimSig, "SignatureMismatch"},
                "thief-forged", new String[] {"v1." + TestSigning.KEY_ID + "." + "A".repeat(43), "SignatureMismatch"},
                "thief-oldkey", new String[] {"v1.gone." + "A".repeat(43), "SigningKeyUnknown"},
                "thief-junk", new String[] {"please plug me", "SignatureMalformed"});
        Map<String, Sandbox> boxes = new java.util.HashMap<>();
        for (var t : thieves.entrySet()) {
            Pod p = f.createPod("tenant-b", t.getKey(), AgentFixture.NODE, specJson, t.getValue()[0]);
            boxes.put(t.getKey(), f.sandbox("agt" + t.getKey().substring(6, 9) + f.suffix, p));
        }
        // mallory's own, plugged Pod now names the victim's port, keeping its signature
        client.pods()
                .inNamespace("tenant-b")
                .withName("mallory")
                .edit(p -> new io.fabric8.kubernetes.api.model.PodBuilder(p)
                        .editMetadata()
                        .addToAnnotations(Annotations.NETWORKS_SPEC, specJson)
                        .endMetadata()
                        .build());

        for (var t : thieves.entrySet()) {
            await().atMost(WAIT)
                    .until(() -> ready(f.get("tenant-b", t.getKey()))
                            .filter(c -> c.getStatus().equals("False"))
                            .isPresent());
            PodCondition c = ready(f.get("tenant-b", t.getKey())).orElseThrow();
            assertThat(c.getReason()).as(t.getKey()).isEqualTo(t.getValue()[1]);
            assertThat(c.getMessage()).as(t.getKey()).startsWith("networksSpec rejected, nothing plugged: ");
            assertThat(events("tenant-b", t.getKey())).as(t.getKey()).anySatisfy(e -> {
                assertThat(e.getType()).isEqualTo("Warning");
                assertThat(e.getReason()).isEqualTo("NetworksSpecRejected");
            });
        }
        await().atMost(WAIT)
                .until(() -> ready(f.get("tenant-b", "mallory"))
                        .filter(c -> c.getReason().equals("SignatureMismatch"))
                        .isPresent());
        await().atMost(WAIT).until(() -> f.interfaces(malloryBox.uid()).isEmpty());
        Thread.sleep(2500); // a full sweep (resync 2s) and the retries of the unknown key

        for (var b : boxes.entrySet()) {
            assertThat(f.interfaces(b.getValue().uid())).as(b.getKey()).isEmpty();
            assertThat(secondaryLinks(b.getValue())).as(b.getKey()).isEmpty();
        }
        assertThat(secondaryLinks(malloryBox)).isEmpty();
        // the victim: its interface, its binding, its readiness untouched
        List<Interface> its = f.interfaces(victimBox.uid());
        assertThat(its).hasSize(1);
        assertThat(its.getFirst().externalIds()).containsEntry(Interface.IFACE_ID, portId);
        assertThat(its.getFirst().isOvnInstalled()).isTrue();
        assertThat(f.allAgentInterfaces())
                .as("no other interface claims the victim's port")
                .filteredOn(i -> portId.equals(i.externalIds().get(Interface.IFACE_ID)))
                .hasSize(1);
        assertThat(ready(f.get("victim")).orElseThrow().getStatus()).isEqualTo("True");
        assertThat(victimBox
                        .exec("ip", "-o", "link", "show", portName)
                        .orThrow()
                        .stdout())
                .containsPattern("[<,]UP[,>]");
        assertThat(f.lab.sbctl("--bare", "--columns=chassis", "find", "Port_Binding", "logical_port=" + portId))
                .as("the victim's port stays bound to this chassis")
                .isNotBlank();
        String metrics = metricsText();
        assertThat(metrics)
                .contains("kubetron_node_networks_spec_rejected_total{reason=\"missing\"} 1.0")
                .contains("kubetron_node_networks_spec_rejected_total{reason=\"mismatch\"} 3.0")
                .contains("kubetron_node_networks_spec_rejected_total{reason=\"unknown_key\"} 1.0")
                .contains("kubetron_node_networks_spec_rejected_total{reason=\"malformed\"} 1.0")
                .contains("kubetron_node_signing_key_info{key_id=\"" + TestSigning.KEY_ID + "\",primary=\"true\"} 1.0");
    }

    /**
     * Rotation: a Pod signed with a key stays plugged when the key leaves the set while the agent runs (it was
     * checked when plugged); an agent started afterwards checks it again, refuses it and removes its interface. A
     * Pod signed with the new key is plugged throughout.
     */
    @Test
    void aPodOfARemovedKeyStaysPluggedUntilTheAgentRestartsThenLosesItsInterface() throws Exception {
        Network red = f.network("ag-rk", "10.77.0.0/24");
        Path keys = KeySetDirectory.create(dir.resolve("rotating"), "k1");
        String oldSpec = f.spec("old", red).toJson();
        Sandbox oldBox = f.sandbox(
                "ago" + f.suffix,
                f.createPod(
                        "default",
                        "old",
                        AgentFixture.NODE,
                        oldSpec,
                        NetworksSignature.sign(
                                KeySetDirectory.read(keys), new SignedPod("default", "old", null), oldSpec)));
        start(Map.of("signing-keys", keys.toString()));
        await().atMost(WAIT)
                .until(() -> ready(f.get("old"))
                        .filter(c -> c.getStatus().equals("True"))
                        .isPresent());

        KeySetDirectory.addKey(keys, "k2");
        KeySetDirectory.setPrimary(keys, "k2");
        KeySetDirectory.removeKey(keys, "k1");
        await().atMost(WAIT)
                .until(() -> metricsText().contains("key_id=\"k2\"")
                        && !metricsText().contains("key_id=\"k1\""));
        String newSpec = f.spec("new", red).toJson();
        Sandbox newBox = f.sandbox(
                "agn" + f.suffix,
                f.createPod(
                        "default",
                        "new",
                        AgentFixture.NODE,
                        newSpec,
                        NetworksSignature.sign(
                                KeySetDirectory.read(keys), new SignedPod("default", "new", null), newSpec)));
        await().atMost(WAIT)
                .until(() -> ready(f.get("new"))
                        .filter(c -> c.getStatus().equals("True"))
                        .isPresent());
        Thread.sleep(2500); // a sweep re-queues both
        assertThat(f.interfaces(oldBox.uid())).hasSize(1);
        assertThat(ready(f.get("old")).orElseThrow().getStatus()).isEqualTo("True");

        agent.close();
        start(Map.of("signing-keys", keys.toString()));
        await().atMost(WAIT)
                .until(() -> ready(f.get("old"))
                        .filter(c -> c.getReason().equals("SigningKeyUnknown"))
                        .isPresent());
        await().atMost(WAIT).until(() -> f.interfaces(oldBox.uid()).isEmpty());
        assertThat(ready(f.get("old")).orElseThrow().getMessage())
                .contains("key 'k1'")
                .contains("(keys: k2)");
        assertThat(f.interfaces(newBox.uid())).hasSize(1);
        assertThat(ready(f.get("new")).orElseThrow().getStatus()).isEqualTo("True");
    }

    private String metricsText() {
        try {
            return get(HttpClient.newHttpClient(), agent.httpPort().orElseThrow(), "/metrics")
                    .body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void leftoversWithoutAPodAreRemovedAtStart() {
        Network red = f.network("ag-lo", "10.83.0.0/24");
        // what a crashed agent can leave: a tagged OVS port whose Pod is gone, and a veth that never reached OVS
        f.lab.vsctl(
                "add-port",
                "br-int",
                "ktdeadbeef00001",
                "--",
                "set",
                "Interface",
                "ktdeadbeef00001",
                "type=internal",
                "external_ids:kubetron\\:creator=kubetron-node",
                "external_ids:kubetron\\:pod-uid=00000000-dead-beef-0000-000000000001",
                "external_ids:iface-id=nonexistent");
        f.lab.netns()
                .exec(
                        f.lab.config().hostNamespace(),
                        "ip",
                        "link",
                        "add",
                        "ktdeadbeef00002",
                        "type",
                        "veth",
                        "peer",
                        "name",
                        "ktpeer" + f.suffix)
                .orThrow();
        // and a live Pod's veth, which must stay
        f.pod("keep", AgentFixture.NODE, red);

        start(Map.of());
        await().atMost(WAIT)
                .until(() ->
                        f.allAgentInterfaces().stream().noneMatch(i -> i.name().equals("ktdeadbeef00001"))
                                && !f.hostEnds().contains("ktdeadbeef00002"));
        await().atMost(WAIT)
                .until(() -> ready(f.get("keep"))
                        .filter(c -> c.getStatus().equals("True"))
                        .isPresent());
        assertThat(f.hostEnds()).hasSize(1);
        assertThat(agent.metrics()).isNotNull();
    }

    @Test
    void anotherImplementationsNetworkStatusAndTheKubeletsConditionsSurviveTheAgentsWrites() throws Exception {
        Network red = f.network("ag-ms", "10.89.0.0/24");
        NetworksSpec spec = f.spec("multus", red);
        Pod created = f.createPod("multus", AgentFixture.NODE, spec);
        // Multus wrote the primary network's entry before any other plugin ran (its delegates run at sandbox creation)
        String multus = "[{\"name\":\"ovn-kubernetes\",\"interface\":\"eth0\",\"ips\":[\"10.244.0.7\"],"
                + "\"mac\":\"0a:58:0a:f4:00:07\",\"default\":true,\"dns\":{}}]";
        client.pods()
                .inNamespace("default")
                .withName("multus")
                .edit(p -> new io.fabric8.kubernetes.api.model.PodBuilder(p)
                        .editMetadata()
                        .addToAnnotations(Annotations.NETWORK_STATUS, multus)
                        .endMetadata()
                        .build());
        f.sandbox("agm" + f.suffix, created);
        // the kubelet's status manager meanwhile rewrites its own conditions, reordering the list, as its
        // strategic-merge patches with $setElementOrder do (pkg/kubelet/status/status_manager.go)
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread kubelet = Thread.ofPlatform().start(() -> {
            int i = 0;
            while (!stop.get()) {
                int n = i++;
                try {
                    // atomic on the server as a strategic merge is: computed from one read, refused if the list
                    // changed since (a JSON Patch test)
                    Pod p = client.pods()
                            .inNamespace("default")
                            .withName("multus")
                            .get();
                    List<io.fabric8.kubernetes.api.model.PodCondition> mine = new java.util.ArrayList<>();
                    for (String t : List.of("PodScheduled", "Initialized", "ContainersReady")) {
                        mine.add(new io.fabric8.kubernetes.api.model.PodConditionBuilder()
                                .withType(t)
                                .withStatus("True")
                                .build());
                    }
                    java.util.Collections.rotate(mine, n);
                    List<io.fabric8.kubernetes.api.model.PodCondition> all = new java.util.ArrayList<>(mine);
                    if (p.getStatus() != null && p.getStatus().getConditions() != null) {
                        p.getStatus().getConditions().stream()
                                .filter(c -> !List.of("PodScheduled", "Initialized", "ContainersReady")
                                        .contains(c.getType()))
                                .forEach(c -> all.add(n % 2 == 0 ? 0 : all.size(), c));
                    }
                    String patch = "[{\"op\":\"test\",\"path\":\"/metadata/resourceVersion\",\"value\":\""
                            + p.getMetadata().getResourceVersion()
                            + "\"},{\"op\":\"add\",\"path\":\"/status/conditions\","
                            + "\"value\":" + io.fabric8.kubernetes.client.utils.Serialization.asJson(all) + "}]";
                    client.pods()
                            .inNamespace("default")
                            .withName("multus")
                            .subresource("status")
                            .patch(
                                    io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                                            io.fabric8.kubernetes.client.dsl.base.PatchType.JSON),
                                    patch);
                    Thread.sleep(150);
                } catch (RuntimeException | InterruptedException e) {
                    // a conflict with the agent's write: the kubelet retries on its next sync
                }
            }
        });
        // fabric8's mock server answers nothing when a JSON Patch's test fails (zjsonpatch's exception goes unhandled),
        // where an API server answers at once: the agent's guarded writes that lose to this test's writer would each
        // wait out the client's request timeout, so the agent's client here waits 2 s, not 10
        KubernetesClient agentClient = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(client.getConfiguration())
                        .withRequestTimeout(2000)
                        .build())
                .build();
        closeAfter = agentClient;
        try {
            start(Map.of(), agentClient);
            await().atMost(WAIT)
                    .until(() -> ready(f.get("multus"))
                            .filter(c -> c.getStatus().equals("True"))
                            .isPresent());
            Thread.sleep(1000);
        } finally {
            stop.set(true);
            kubelet.join();
        }
        Pod p = f.get("multus");
        assertThat(p.getStatus().getConditions())
                .extracting(io.fabric8.kubernetes.api.model.PodCondition::getType)
                .contains(
                        "PodScheduled",
                        "Initialized",
                        "ContainersReady",
                        io.kubetron.model.PodConditions.NETWORKS_READY)
                .doesNotHaveDuplicates();
        assertThat(ready(p).orElseThrow().getStatus()).isEqualTo("True");
        String status = p.getMetadata().getAnnotations().get(Annotations.NETWORK_STATUS);
        NetworksSpec.Port port = spec.ports().values().iterator().next();
        assertThat(status)
                .as("Multus's entry kept, Kubetron's added")
                .startsWith(multus.substring(0, multus.length() - 1) + ",")
                .contains("\"interface\":\"" + port.portName() + "\"")
                .contains(port.fixedIps().getFirst());
    }

    @Test
    void preStartContainerReturnsOnlyOnceThePodsNetworksAreReady(NetnsPods peers) throws Exception {
        Network red = f.network("ag-ps", "10.84.0.0/24");
        NetnsPod peer = f.peer(peers, red, "agp" + f.suffix);
        try (KubeletEmulator kubelet =
                KubeletEmulator.start(dir.resolve("device-plugins"), dir.resolve("pod-resources/kubelet.sock"))) {
            start(Map.of());
            String main = "kubetron.network.kubevirt.io/main";
            kubelet.await(
                    main,
                    v -> v.filter(p -> p.connected() && !p.devices().isEmpty()).isPresent(),
                    WAIT);
            // both plugins register on their own: wait for the second too before looking at it
            kubelet.await(
                    "kubetron.network.kubevirt.io/overlay",
                    v -> v.filter(p -> p.connected()).isPresent(),
                    WAIT);
            assertThat(kubelet.plugins().get(main).preStartRequired()).isTrue();
            assertThat(kubelet.plugins()
                            .get("kubetron.network.kubevirt.io/overlay")
                            .preStartRequired())
                    .isFalse();

            NetworksSpec spec = f.spec("init", red);
            Sandbox sandbox = f.sandbox("agq" + f.suffix, f.createPod("init", AgentFixture.NODE, spec));
            PodAllocation a = kubelet.admit(sandbox.uid(), "default", "init", "kubetron-request-sidecart", main, 1);
            kubelet.startContainer(a);
            // the call returned: the container may start, and its networks are there already
            NetworksSpec.Port p = spec.ports().values().iterator().next();
            assertThat(sandbox.exec("ip", "-4", "-o", "addr", "show", "dev", p.portName())
                            .orThrow()
                            .stdout())
                    .contains("inet " + p.fixedIps().getFirst() + "/24");
            assertThat(sandbox.exec(
                                    "busybox",
                                    "ping",
                                    "-c",
                                    "1",
                                    "-W",
                                    "2",
                                    peer.ipv4("eth0").orElseThrow())
                            .ok())
                    .isTrue();
        }
    }

    @Test
    void staticModeTakesTheAddressPrefixAndMtuFromTheSpecWithoutDhcp(NetnsPods peers) {
        Network green = f.network("ag-st", "10.87.0.0/24");
        NetnsPod peer = f.peer(peers, green, "ags" + f.suffix);
        NetworksSpec.Port p =
                f.spec("static", green).ports().values().iterator().next();
        NetworksSpec spec = NetworksSpec.of(Map.of(
                green.name(),
                new NetworksSpec.Port(
                        p.portName(), p.portId(), p.macAddress(), p.fixedIps(), 1400, List.of("10.87.0.0/24"))));
        Sandbox sandbox = f.sandbox("agt" + f.suffix, f.createPod("static", AgentFixture.NODE, spec));

        start(Map.of("address-mode", "static"));
        await().atMost(WAIT)
                .until(() -> ready(f.get("static"))
                        .filter(c -> c.getStatus().equals("True"))
                        .isPresent());
        assertThat(sandbox.exec("ip", "-4", "-o", "addr", "show", "dev", p.portName())
                        .orThrow()
                        .stdout())
                .contains("inet " + p.fixedIps().getFirst() + "/24");
        assertThat(sandbox.exec("ip", "-o", "link", "show", p.portName())
                        .orThrow()
                        .stdout())
                .contains("mtu 1400");
        assertThat(sandbox.exec(
                                "busybox",
                                "ping",
                                "-c",
                                "2",
                                "-W",
                                "2",
                                peer.ipv4("eth0").orElseThrow())
                        .ok())
                .isTrue();
    }

    @Test
    void metricsAndProbesAreServed() throws Exception {
        start(Map.of());
        int port = agent.httpPort().orElseThrow();
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(WAIT).until(() -> get(http, port, "/readyz").statusCode() == 200);
        assertThat(get(http, port, "/healthz").statusCode()).isEqualTo(200);
        assertThat(get(http, port, "/metrics").body())
                .contains("kubetron_node_interfaces")
                .contains("kubetron_node_queue_depth");
    }

    private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private List<Event> events(String pod) {
        return events("default", pod);
    }

    private List<Event> events(String namespace, String pod) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> pod.equals(e.getInvolvedObject().getName()))
                .toList();
    }

    /** The Pod's Ethernet links besides eth0, its primary network's (the CNI plugin's): Kubetron's, if any. */
    private static List<String> secondaryLinks(Sandbox s) {
        return s.exec("ip", "-o", "link")
                .orThrow()
                .stdout()
                .lines()
                .filter(l -> l.contains("link/ether"))
                .filter(l -> !l.matches("\\d+: eth0[@:].*"))
                .toList();
    }
}
