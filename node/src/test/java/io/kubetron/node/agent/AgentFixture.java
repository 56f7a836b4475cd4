package io.kubetron.node.agent;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubetron.backend.BackendPort;
import io.kubetron.backend.Network;
import io.kubetron.backend.NetworkBackend;
import io.kubetron.backend.NetworkSpec;
import io.kubetron.backend.OwnerFilter;
import io.kubetron.backend.PortRequest;
import io.kubetron.backend.config.BackendSettings;
import io.kubetron.backend.config.Backends;
import io.kubetron.emulation.cri.CriSandbox;
import io.kubetron.emulation.cri.LabRuntime;
import io.kubetron.emulation.sandbox.PodSandbox;
import io.kubetron.emulation.sandbox.Sandbox;
import io.kubetron.lab.Lab;
import io.kubetron.lab.NetnsPod;
import io.kubetron.lab.NetnsPods;
import io.kubetron.model.Annotations;
import io.kubetron.model.NetworksSpec;
import io.kubetron.model.PodConditions;
import io.kubetron.model.owner.OwnerKeys;
import io.kubetron.model.owner.PortOwner;
import io.kubetron.ovsdb.OvsdbClient;
import io.kubetron.ovsdb.replica.Replica;
import io.kubetron.ovsdb.vswitch.Interface;
import io.kubetron.ovsdb.vswitch.VswitchOps;
import io.kubetron.testkit.signing.TestSigning;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What the agent's tests share: the lab's OVN backend (networks and ports as the webhook makes them), Pods in the mock
 * API server whose sandboxes a real containerd makes (over CRI, from locally built images, as the kubelet asks for
 * them; the layouts containerd cannot make here, systemd's and CRI-O's, by {@link PodSandbox}), and the agent's
 * settings for the lab. Closing removes the ports, networks, sandboxes and the runtime it made.
 */
final class AgentFixture implements AutoCloseable {
    static final String NODE = "node-a";
    /** Held, so the level sticks: the mock server logs every request at INFO. */
    static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    final Lab lab;
    final KubernetesClient client;
    final NetworkBackend backend;
    final OvsdbClient ovs;
    final Replica vswitch;
    final String suffix =
            HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt(65536));
    private final List<Network> networks = new ArrayList<>();
    private final List<Sandbox> sandboxes = new ArrayList<>();
    private final LabRuntime runtime;

    /** The image of the tests' application containers (busybox: ip, ping). */
    static String appImage() {
        return LabRuntime.appImage();
    }

    AgentFixture(Lab lab, KubernetesClient client) {
        this.lab = lab;
        this.client = client;
        this.runtime = LabRuntime.start(lab, lab.nodes().getFirst(), NODE);
        this.backend = Backends.open(BackendSettings.fromMap(
                Map.of("KUBETRON_OVN_NB", lab.endpoints().nb()), "ovn"));
        this.ovs = OvsdbClient.connect(lab.endpoints().ovs());
        this.vswitch = Replica.start(ovs, VswitchOps.DB, VswitchOps.monitorAll());
    }

    /** The settings a DaemonSet would give, pointed at the lab. */
    Map<String, String> settings(Path dir) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("node-name", NODE);
        m.put("ovsdb", lab.endpoints().ovs());
        m.put("datapath-netns", "/run/netns/" + lab.config().hostNamespace());
        m.put("ovn-rundir", lab.config().runDir().toString());
        m.put("device-plugin-dir", dir.resolve("device-plugins").toString());
        m.put("pod-resources-socket", dir.resolve("pod-resources/kubelet.sock").toString());
        m.put("state-dir", dir.resolve("state").toString());
        m.put("signing-keys", TestSigning.writeTo(dir.resolve("signing-keys")).toString());
        m.put("metrics-address", "127.0.0.1:0");
        m.put("resync", "2s");
        m.put("health-interval", "500ms");
        m.put("field-selector", "false"); // the mock API server answers a spec.nodeName selector with nothing
        return m;
    }

    Network network(String name, String cidr) {
        Network n = backend.createNetwork(
                new NetworkSpec(name + "-" + suffix, new NetworkSpec.SubnetSpec(cidr, null, List.of()), null, null));
        networks.add(n);
        return n;
    }

    /** A peer on {@code n}, plugged and addressed by the test kit (not by the agent). */
    NetnsPod peer(NetnsPods pods, Network n, String name) {
        BackendPort p = backend.createPort(
                new PortRequest(n, "peer-" + name, new PortOwner("default", name, null, null, null), null, null));
        NetnsPod pod = pods.create(name);
        pod.plug("eth0", p.id(), p.macAddress());
        pod.dhcp("eth0", false);
        return pod;
    }

    /** A Pod in the API with the ports the webhook would have made, and its sandbox (the kubelet's part). */
    Pod pod(String name, String node, Network... on) {
        Pod pod = createPod(name, node, spec(name, on));
        sandbox(name + suffix, pod);
        return pod;
    }

    /**
     * The sandbox of {@code pod}, as the kubelet has containerd make it once the Pod is bound to its node (its
     * containers started; no device plugin call: the tests make those themselves).
     */
    CriSandbox sandbox(String name, Pod pod) {
        return runtime.run(pod);
    }

    /** The sandbox of {@code pod} as the runtime described by {@code options} lays it out, made by hand. */
    PodSandbox sandbox(String name, Pod pod, PodSandbox.Options options) {
        PodSandbox s = PodSandbox.start(
                lab, name, lab.nodes().getFirst(), pod.getMetadata().getUid(), options);
        sandboxes.add(s);
        return s;
    }

    /** Ports as the webhook makes them: before the Pod exists, so without its uid. */
    NetworksSpec spec(String pod, Network... on) {
        String uid = null;
        Map<String, NetworksSpec.Port> ports = new LinkedHashMap<>();
        for (Network n : on) {
            BackendPort p = backend.createPort(new PortRequest(
                    n,
                    n.name().substring(0, Math.min(6, n.name().length())) + "-" + pod,
                    new PortOwner("default", pod, null, uid, null),
                    null,
                    null));
            ports.put(n.name(), new NetworksSpec.Port(p.name(), p.id(), p.macAddress(), p.fixedIps()));
        }
        return NetworksSpec.of(ports);
    }

    Pod createPod(String name, String node, NetworksSpec spec) {
        return createPod(name, node, spec.toJson());
    }

    /** The API server gives the Pod its uid; the spec signed for it as the webhook signs. */
    Pod createPod(String name, String node, String specJson) {
        return createPod("default", name, node, specJson, TestSigning.sign("default", name, specJson));
    }

    /** A Pod with this networksSpec and this signature (null for none), as a forger may create one. */
    Pod createPod(String namespace, String name, String node, String specJson, String signature) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(Annotations.NETWORKS_SPEC, specJson);
        if (signature != null) {
            annotations.put(Annotations.NETWORKS_SIGNATURE, signature);
        }
        return client.pods()
                .inNamespace(namespace)
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(namespace)
                        .addToAnnotations(annotations)
                        .endMetadata()
                        .withNewSpec()
                        .withNodeName(node)
                        .addNewContainer()
                        .withName("app")
                        .withImage(appImage())
                        .endContainer()
                        .addNewReadinessGate()
                        .withConditionType(PodConditions.NETWORKS_READY)
                        .endReadinessGate()
                        .endSpec()
                        .withNewStatus()
                        .withPhase("Pending")
                        .endStatus()
                        .build())
                .create();
    }

    Pod get(String name) {
        return client.pods().inNamespace("default").withName(name).get();
    }

    Pod get(String namespace, String name) {
        return client.pods().inNamespace(namespace).withName(name).get();
    }

    /** The OVS interfaces the agent made for a Pod. */
    List<Interface> interfaces(String uid) {
        return vswitch.rows(Interface.TABLE).stream()
                .map(Interface::from)
                .filter(i -> uid.equals(i.externalIds().get(OwnerKeys.POD_UID)))
                .toList();
    }

    List<Interface> allAgentInterfaces() {
        return vswitch.rows(Interface.TABLE).stream()
                .map(Interface::from)
                .filter(i -> OwnerKeys.NODE_CREATOR.equals(i.externalIds().get(OwnerKeys.CREATOR)))
                .toList();
    }

    /** Host ends of veths the agent made ({@code kt...}) in the lab's datapath namespace. */
    List<String> hostEnds() {
        String out = lab.netns()
                .exec(lab.config().hostNamespace(), "ip", "-o", "link", "show", "type", "veth")
                .orThrow()
                .stdout();
        List<String> names = new ArrayList<>();
        for (String line : out.split("\n")) {
            String[] f = line.split(":\\s+");
            if (f.length > 1) {
                String n = f[1].split("@")[0];
                if (n.matches("kt[a-z0-9]{13}")) {
                    names.add(n);
                }
            }
        }
        return names;
    }

    @Override
    public void close() {
        sandboxes.reversed().forEach(Sandbox::close);
        runtime.close();
        for (BackendPort p : backend.listOwnedPorts(OwnerFilter.ALL)) {
            backend.deletePort(p.id());
        }
        networks.forEach(n -> backend.deleteNetwork(n.id()));
        // the agent's leftovers, if a test failed before the agent removed them
        for (Interface i : allAgentInterfaces()) {
            lab.vsctl("--if-exists", "del-port", i.name());
        }
        for (String end : hostEnds()) {
            lab.netns().exec(lab.config().hostNamespace(), "ip", "link", "del", end);
        }
        client.pods().inAnyNamespace().delete();
        client.v1().events().inAnyNamespace().delete();
        backend.close();
        vswitch.close();
        ovs.close();
    }
}
