package io.kubetron.node.deviceplugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.kubetron.emulation.kubelet.KubeletEmulator;
import io.kubetron.emulation.kubelet.PluginView;
import io.kubetron.kubelet.podresources.v1.ListPodResourcesRequest;
import io.kubetron.kubelet.podresources.v1.ListPodResourcesResponse;
import io.kubetron.kubelet.podresources.v1.PodResourcesListerGrpc;
import io.kubetron.lab.Lab;
import io.kubetron.node.ovn.UnixctlControllerProbe;
import io.kubetron.ovsdb.OvsdbClient;
import io.kubetron.ovsdb.ops.Condition;
import io.kubetron.ovsdb.ops.Mutation;
import io.kubetron.ovsdb.ops.Operation;
import io.kubetron.ovsdb.replica.Replica;
import io.kubetron.ovsdb.vswitch.Bridge;
import io.kubetron.ovsdb.vswitch.OpenVSwitch;
import io.kubetron.ovsdb.vswitch.VswitchOps;
import io.kubetron.testkit.LabExtension;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The device plugin against the lab's real Open_vSwitch database and ovn-controller, and an emulated kubelet. */
@ExtendWith(LabExtension.class)
class DevicePluginIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String NS = "kubetron.network.kubevirt.io/";

    @TempDir
    Path dir;

    private Lab lab;
    private OvsdbClient ovs;
    private Replica replica;
    private KubeletEmulator kubelet;
    private DevicePluginService plugins;

    @BeforeEach
    void start(Lab lab) {
        this.lab = lab;
        ovs = OvsdbClient.connect(lab.endpoints().ovs());
        replica = Replica.start(ovs, VswitchOps.DB, VswitchOps.monitorAll());
        kubelet = KubeletEmulator.start(dir.resolve("device-plugins"), dir.resolve("pod-resources/kubelet.sock"));
    }

    private void startPlugins(String bridge) {
        plugins = startAgent(bridge);
    }

    private DevicePluginService startAgent(String bridge) {
        DevicePluginSettings s = new DevicePluginSettings(
                dir.resolve("device-plugins"),
                DevicePluginSettings.DEFAULT_NAMESPACE,
                10,
                5,
                bridge,
                Duration.ofMillis(200));
        return DevicePluginService.start(
                s, replica, new UnixctlControllerProbe(lab.config().runDir(), Duration.ofMillis(500)));
    }

    @AfterEach
    void stop() {
        if (plugins != null) {
            plugins.close();
        }
        kubelet.close();
        setMappings(null);
        replica.close();
        ovs.close();
    }

    @Test
    void advertisesMainAndOverlayHealthyWithTheConfiguredCounts() {
        startPlugins("br-int");
        PluginView main = healthy(NS + "main");
        PluginView overlay = healthy(NS + "overlay");
        assertThat(main.capacity()).isEqualTo(10);
        assertThat(overlay.capacity()).isEqualTo(5);
        assertThat(main.preStartRequired()).isFalse();

        kubelet.allocate("uid-1", "default", "pod-a", "kubetron-request", NS + "main", 1);
        kubelet.allocate("uid-1", "default", "pod-a", "kubetron-request", NS + "overlay", 2);
        assertThat(podResources().getPodResourcesList()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("pod-a");
            assertThat(p.getContainers(0).getDevicesList())
                    .extracting(d -> d.getResourceName() + ":" + d.getDeviceIdsCount())
                    .containsExactlyInAnyOrder(NS + "main:1", NS + "overlay:2");
        });
    }

    @Test
    void aPhysnetResourceFollowsTheBridgeMappings() throws java.io.IOException {
        startPlugins("br-int");
        healthy(NS + "main");
        assertThat(kubelet.advertised()).doesNotContain(NS + "physkt1");

        setMappings("physkt1:br-physkt1,physkt2:br-physkt2");
        assertThat(healthy(NS + "physkt1").capacity()).isEqualTo(5);
        healthy(NS + "physkt2");

        setMappings("physkt2:br-physkt2");
        kubelet.await(NS + "physkt1", v -> v.isPresent() && !v.get().connected(), WAIT);
        assertThat(kubelet.advertised())
                .contains(NS + "main", NS + "overlay", NS + "physkt2")
                .doesNotContain(NS + "physkt1");
        try (var files = Files.list(dir.resolve("device-plugins"))) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .as("the withdrawn plugin's socket is gone")
                    .noneMatch(n -> n.startsWith("kubetron-physkt1-"));
        }
    }

    @Test
    void devicesAreUnhealthyWhileTheIntegrationBridgeIsMissing() {
        startPlugins("br-kttest");
        assertThat(unhealthy(NS + "main").allocatable()).isZero();

        UUID root = OpenVSwitch.from(replica.rows(OpenVSwitch.TABLE).iterator().next())
                .uuid();
        ovs.transact(VswitchOps.DB, VswitchOps.addBridge(root, "br-kttest"));
        try {
            assertThat(healthy(NS + "main").allocatable()).isEqualTo(10);
        } finally {
            UUID br = replica.rows(Bridge.TABLE).stream()
                    .map(Bridge::from)
                    .filter(b -> b.name().equals("br-kttest"))
                    .findFirst()
                    .orElseThrow()
                    .uuid();
            ovs.transact(
                    VswitchOps.DB,
                    Operation.mutate(
                            OpenVSwitch.TABLE,
                            List.of(Condition.uuid(root)),
                            List.of(Mutation.delete("bridges", Set.of(br)))));
        }
        unhealthy(NS + "main");
        unhealthy(NS + "overlay");
    }

    @Test
    void devicesAreUnhealthyWhileOvnControllerDoesNotAnswer() throws Exception {
        startPlugins("br-int");
        healthy(NS + "main");
        long pid = Long.parseLong(Files.readString(lab.config().runDir().resolve("ovn-controller.pid"))
                .trim());
        // SIGSTOP keeps the lab intact (a kill would need a restart): a hung controller must count as missing
        lab.exec().check("kill", "-STOP", Long.toString(pid));
        try {
            unhealthy(NS + "main");
        } finally {
            lab.exec().check("kill", "-CONT", Long.toString(pid));
        }
        healthy(NS + "main");
    }

    @Test
    void registersAgainWhenTheKubeletRestarts() {
        startPlugins("br-int");
        assertThat(healthy(NS + "main").registrations()).isEqualTo(1);
        // both first registrations complete before the restart: one still being dialled would race the wipe (seen
        // once in CI: overlay's stale first connection won over its re-registration)
        assertThat(healthy(NS + "overlay").registrations()).isEqualTo(1);
        String first = healthy(NS + "main").endpoint();

        kubelet.restart();

        PluginView again = kubelet.await(
                        NS + "main",
                        v -> v.isPresent()
                                && v.get().registrations() == 2
                                && v.get().connected()
                                && v.get().allocatable() == 10,
                        WAIT)
                .orElseThrow();
        // a socket of its own, never the first registration's: the kubelet keys endpoints by socket
        assertThat(again.endpoint()).matches("kubetron-main-[0-9a-z]+-[0-9]+\\.sock");
        assertThat(again.endpoint()).isNotEqualTo(first);
        kubelet.await(
                NS + "overlay",
                v -> v.isPresent() && v.get().registrations() == 2 && v.get().connected(),
                WAIT);
        kubelet.allocate("uid-2", "default", "pod-b", "kubetron-request", NS + "main", 1);
    }

    @Test
    void registersAgainWhenTheKubeletDropsTheNewRegistration() {
        // the agent's rolling update: the new agent registers while the old one's streams are still open, then the
        // old one stops; a Kubernetes 1.31-1.36 kubelet then disconnects the new client (the emulator's default
        // ClientTable.BY_RESOURCE) and never dials it again
        startPlugins("br-int");
        String first = healthy(NS + "main").endpoint();
        healthy(NS + "overlay");
        try (DevicePluginService next = startAgent("br-int")) {
            kubelet.await(NS + "main", v -> v.isPresent() && v.get().registrations() == 2, WAIT);
            kubelet.await(NS + "overlay", v -> v.isPresent() && v.get().registrations() == 2, WAIT);
            plugins.close();
            plugins = null;

            PluginView main = kubelet.await(
                            NS + "main",
                            v -> v.isPresent()
                                    && v.get().registrations() >= 3
                                    && v.get().connected()
                                    && v.get().allocatable() == 10,
                            WAIT)
                    .orElseThrow();
            assertThat(main.endpoint()).isNotEqualTo(first);
            kubelet.await(
                    NS + "overlay",
                    v -> v.isPresent()
                            && v.get().registrations() >= 3
                            && v.get().connected(),
                    WAIT);
            kubelet.allocate("uid-3", "default", "pod-c", "kubetron-request", NS + "main", 1);
            assertThat(next.served()).contains("main", "overlay");
        }
    }

    private PluginView healthy(String resource) {
        return kubelet.await(
                        resource,
                        v -> v.isPresent()
                                && v.get().connected()
                                && !v.get().devices().isEmpty()
                                && v.get().devices().stream().allMatch(PluginView.DeviceView::healthy),
                        WAIT)
                .orElseThrow();
    }

    private PluginView unhealthy(String resource) {
        return kubelet.await(
                        resource,
                        v -> v.isPresent()
                                && v.get().connected()
                                && !v.get().devices().isEmpty()
                                && v.get().devices().stream().noneMatch(PluginView.DeviceView::healthy),
                        WAIT)
                .orElseThrow();
    }

    private void setMappings(String value) {
        UUID root = OpenVSwitch.from(replica.rows(OpenVSwitch.TABLE).iterator().next())
                .uuid();
        List<Mutation> m = value == null
                ? List.of(Mutation.delete("external_ids", Set.of("ovn-bridge-mappings")))
                : List.of(
                        Mutation.delete("external_ids", Set.of("ovn-bridge-mappings")),
                        Mutation.insert("external_ids", Map.of("ovn-bridge-mappings", value)));
        ovs.transact(VswitchOps.DB, Operation.mutate(OpenVSwitch.TABLE, List.of(Condition.uuid(root)), m));
    }

    private ListPodResourcesResponse podResources() {
        var loop = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        ManagedChannel ch = NettyChannelBuilder.forAddress(
                        new DomainSocketAddress(kubelet.podResourcesSocket().toString()))
                .channelType(EpollDomainSocketChannel.class)
                .eventLoopGroup(loop)
                .usePlaintext()
                .build();
        try {
            return PodResourcesListerGrpc.newBlockingStub(ch).list(ListPodResourcesRequest.getDefaultInstance());
        } finally {
            ch.shutdownNow();
            loop.shutdownGracefully();
        }
    }
}
