package io.kubetron.node.plumbing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.kubetron.backend.BackendPort;
import io.kubetron.backend.Network;
import io.kubetron.backend.NetworkBackend;
import io.kubetron.backend.NetworkSpec;
import io.kubetron.backend.PortRequest;
import io.kubetron.backend.config.BackendSettings;
import io.kubetron.backend.config.Backends;
import io.kubetron.common.exec.Exec;
import io.kubetron.emulation.cri.CriSandbox;
import io.kubetron.emulation.cri.LabRuntime;
import io.kubetron.lab.Lab;
import io.kubetron.lab.NetnsPod;
import io.kubetron.lab.NetnsPods;
import io.kubetron.model.NetworksSpec;
import io.kubetron.model.owner.PortOwner;
import io.kubetron.node.netns.PodNetns;
import io.kubetron.node.netns.PodNetnsFinder;
import io.kubetron.ovsdb.OvsdbClient;
import io.kubetron.ovsdb.replica.Replica;
import io.kubetron.ovsdb.vswitch.Interface;
import io.kubetron.ovsdb.vswitch.VswitchOps;
import io.kubetron.testkit.LabExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Pod sandbox made by the real containerd (over CRI, as the kubelet asks for it), found through /proc, plumbed into the lab's real br-int for two networks
 * whose ports come from the real OVN backend; OVN's DHCP answers; peers on each network answer pings.
 */
@ExtendWith(LabExtension.class)
class PlumbingIT {
    @TempDir
    Path state;

    private Lab lab;
    private OvsdbClient ovs;
    private Replica replica;
    private NetworkBackend backend;
    private Plumber plumber;
    private LabRuntime runtime;
    private final List<BackendPort> ports = new ArrayList<>();
    private final List<Network> networks = new ArrayList<>();
    private final String s = HexFormat.of()
                    .toHexDigits((byte) ThreadLocalRandom.current().nextInt(256))
            + HexFormat.of().toHexDigits((byte) ThreadLocalRandom.current().nextInt(256));

    @BeforeEach
    void start(Lab lab) {
        this.lab = lab;
        ovs = OvsdbClient.connect(lab.endpoints().ovs());
        replica = Replica.start(ovs, VswitchOps.DB, VswitchOps.monitorAll());
        runtime = LabRuntime.start(lab, lab.nodes().getFirst(), "node-a");
        backend = Backends.open(BackendSettings.fromMap(
                Map.of("KUBETRON_OVN_NB", lab.endpoints().nb()), "ovn"));
        Exec exec = new Exec(Map.of(), Duration.ofSeconds(30));
        plumber = new Plumber(
                exec,
                new OvsPorts(ovs, replica, "br-int"),
                new DhcpClient(exec, state.resolve("udhcpc-hook.sh"), 5),
                Path.of("/run/netns", lab.config().hostNamespace()),
                Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() {
        ports.forEach(p -> backend.deletePort(p.id()));
        networks.forEach(n -> backend.deleteNetwork(n.id()));
        backend.close();
        replica.close();
        ovs.close();
        runtime.close();
    }

    /** A Pod bound to this node, its application a busybox container; the uid is the API server's part. */
    private CriSandbox sandbox(String name) {
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withNamespace("default")
                .withName(name)
                .withUid(java.util.UUID.randomUUID().toString())
                .endMetadata()
                .withNewSpec()
                .withNodeName("node-a")
                .addNewContainer()
                .withName("app")
                .withImage(LabRuntime.appImage())
                .endContainer()
                .endSpec()
                .build();
        return runtime.run(pod);
    }

    /** A command of the node's (not the image's) run in the sandbox's network namespace, as an operator would. */
    private static Exec.Result inNetns(CriSandbox sandbox, String... command) {
        List<String> argv = new ArrayList<>(List.of("nsenter", "--net=" + sandbox.netns()));
        argv.addAll(List.of(command));
        return new Exec(Map.of(), Duration.ofSeconds(10)).run(argv);
    }

    @Test
    void aPodOnTwoNetworksGetsBothInterfacesWithTheirPortsAddressesAndReachesPeers(NetnsPods peers) {
        Network red = network("nd-red-" + s, "10.71.0.0/24");
        Network blue = network("nd-blue-" + s, "10.72.0.0/24");
        NetnsPod redPeer = peer(peers, red, "ndr" + s);
        NetnsPod bluePeer = peer(peers, blue, "ndb" + s);

        CriSandbox sandbox = sandbox("nd" + s);
        List<Attachment> plan;
        try {
            PodRef pod = new PodRef("default", "web-" + s, sandbox.uid());
            BackendPort r = port(red, "red-" + s, pod);
            BackendPort b = port(blue, "blue-" + s, pod);
            plan = new PlumbingPlanner(AddressMode.DHCP, 1500).plan(pod, spec(red, r, blue, b), Map.of());

            PodNetns ns = new PodNetnsFinder().find(sandbox.uid()).orElseThrow();
            assertThat(ns.pid()).isEqualTo(sandbox.pid());
            List<Plumber.Result> results =
                    plan.stream().map(a -> plumber.attach(pod, ns, a)).toList();

            for (BackendPort p : List.of(r, b)) {
                assertThat(sandbox.exec("ip", "-o", "link", "show", p.name())
                                .orThrow()
                                .stdout())
                        .contains("link/ether " + p.macAddress())
                        .containsPattern("[<,]UP[,>]"); // busybox ip prints the flags, not iproute2's "state UP"
                assertThat(sandbox.exec("ip", "-4", "-o", "addr", "show", "dev", p.name())
                                .orThrow()
                                .stdout())
                        .contains("inet " + p.fixedIps().getFirst() + "/24");
            }
            assertThat(results)
                    .extracting(Plumber.Result::ip)
                    .containsExactly(b.fixedIps().getFirst(), r.fixedIps().getFirst());
            // the default route stays the primary network's (the CNI's eth0): no Kubetron interface takes it
            // (busybox ip ignores the "default" selector: the default line is picked here)
            assertThat(sandbox.exec("ip", "route", "show")
                            .orThrow()
                            .stdout()
                            .lines()
                            .filter(l -> l.startsWith("default"))
                            .toList())
                    .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .contains("dev eth0")
                    .doesNotContain(r.name())
                    .doesNotContain(b.name());
            assertThat(inNetns(sandbox, "ethtool", "-k", r.name()).orThrow().stdout())
                    .contains("tx-checksumming: off");
            assertThat(ProcessHandle.allProcesses()
                            .map(h -> h.info().commandLine().orElse(""))
                            .filter(c -> c.contains("udhcpc") && c.contains(s)))
                    .isEmpty();

            for (Attachment a : plan) {
                Interface row = Interface.from(
                        replica.findFirst(Interface.TABLE, x -> a.hostIfName().equals(x.string("name")))
                                .orElseThrow());
                assertThat(row.isOvnInstalled()).isTrue();
                assertThat(row.externalIds())
                        .containsEntry("iface-id", a.portId())
                        .containsEntry("attached-mac", a.mac())
                        .containsEntry("iface-status", "active")
                        .containsEntry("kubetron:pod-uid", sandbox.uid());
            }

            assertThat(sandbox.exec(
                                    "ping",
                                    "-c",
                                    "2",
                                    "-W",
                                    "2",
                                    redPeer.ipv4("eth0").orElseThrow())
                            .ok())
                    .isTrue();
            assertThat(sandbox.exec(
                                    "ping",
                                    "-c",
                                    "2",
                                    "-W",
                                    "2",
                                    bluePeer.ipv4("eth0").orElseThrow())
                            .ok())
                    .isTrue();
        } finally {
            // the Pod is deleted: its sandbox goes first, as on a node, then the agent tears down
            runtime.remove(sandbox);
        }
        for (Attachment a : plan) {
            plumber.detach(a.hostIfName());
        }
        for (Attachment a : plan) {
            replica.awaitNoRow(
                    io.kubetron.ovsdb.vswitch.Port.TABLE,
                    x -> a.hostIfName().equals(x.string("name")),
                    Duration.ofSeconds(5));
            assertThat(lab.netns()
                            .exec(lab.config().hostNamespace(), "ip", "link", "show", a.hostIfName())
                            .ok())
                    .isFalse();
        }
    }

    @Test
    void staticModeWritesThePortsAddressWithoutDhcp(NetnsPods peers) {
        Network green = network("nd-green-" + s, "10.73.0.0/24");
        NetnsPod greenPeer = peer(peers, green, "ndg" + s);
        CriSandbox sandbox = sandbox("nds" + s);
        PodRef pod = new PodRef("default", "static-" + s, sandbox.uid());
        BackendPort g = port(green, "green-" + s, pod);
        Attachment a = new PlumbingPlanner(AddressMode.STATIC, 1500)
                .plan(
                        pod,
                        NetworksSpec.of(Map.of(green.name(), specPort(g))),
                        Map.of(green.name(), new NetworkParams(1400, 24)))
                .getFirst();
        plumber.attach(pod, new PodNetnsFinder().find(sandbox.uid()).orElseThrow(), a);
        assertThat(sandbox.exec("ip", "-o", "addr", "show", "dev", g.name())
                        .orThrow()
                        .stdout())
                .contains("inet " + g.fixedIps().getFirst() + "/24");
        assertThat(sandbox.exec("ip", "-o", "link", "show", g.name()).orThrow().stdout())
                .contains("mtu 1400");
        assertThat(sandbox.exec(
                                "ping",
                                "-c",
                                "2",
                                "-W",
                                "2",
                                greenPeer.ipv4("eth0").orElseThrow())
                        .ok())
                .isTrue();
        plumber.detach(a.hostIfName());
        assertThat(sandbox.exec("ip", "link", "show", g.name()).ok()).isFalse();
    }

    private Network network(String name, String cidr) {
        Network n = backend.createNetwork(
                new NetworkSpec(name, new NetworkSpec.SubnetSpec(cidr, null, List.of()), null, null));
        networks.add(n);
        return n;
    }

    private BackendPort port(Network n, String name, PodRef pod) {
        BackendPort p = backend.createPort(new PortRequest(
                n, name, new PortOwner(pod.namespace(), pod.name(), null, pod.uid(), null), null, null));
        ports.add(p);
        return p;
    }

    private NetnsPod peer(NetnsPods pods, Network n, String name) {
        BackendPort p = backend.createPort(
                new PortRequest(n, "peer-" + name, new PortOwner("default", name, null, null, null), null, null));
        ports.add(p);
        NetnsPod pod = pods.create(name);
        pod.plug("eth0", p.id(), p.macAddress());
        pod.dhcp("eth0", false);
        return pod;
    }

    private static NetworksSpec.Port specPort(BackendPort p) {
        return new NetworksSpec.Port(p.name(), p.id(), p.macAddress(), p.fixedIps());
    }

    private static NetworksSpec spec(Network n1, BackendPort p1, Network n2, BackendPort p2) {
        Map<String, NetworksSpec.Port> m = new LinkedHashMap<>();
        m.put(n1.name(), specPort(p1));
        m.put(n2.name(), specPort(p2));
        return NetworksSpec.of(m);
    }
}
