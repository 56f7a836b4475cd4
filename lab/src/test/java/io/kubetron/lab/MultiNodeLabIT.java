package io.kubetron.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Multi-node labs on the real daemons: each node is its own Open vSwitch and chassis in its own namespace, the
 * chassis are meshed by Geneve tunnels over the fabric, a provider network reaches an external host, and {@code down}
 * leaves nothing of any node. (Traffic between Pods on different nodes: testkit's {@code MultiNodePodsIT}.)
 */
class MultiNodeLabIT {
    private final List<Lab> started = new ArrayList<>();

    @AfterEach
    void downAll() {
        started.forEach(Lab::down);
    }

    @Test
    void threeNodesWithAProviderNetworkAreThreeMeshedChassisAndDownLeavesNothing() throws IOException {
        Lab lab = lab("itmn3", new NodeOptions(3, true));
        lab.up();
        List<LabNode> nodes = lab.nodes();
        assertThat(nodes).extracting(LabNode::name).containsExactly("node0", "node1", "node2");
        LabNode first = nodes.getFirst();
        assertThat(first.netns())
                .as("node 0 is the single-node lab")
                .isEqualTo(lab.config().hostNamespace());
        assertThat(first.ovsdb()).isEqualTo(lab.endpoints().ovs());
        assertThat(first.chassis()).isEqualTo(lab.config().chassis());

        String chassis = lab.sbctl("--bare", "--columns=name", "list", "Chassis");
        String encaps = lab.sbctl("--bare", "--columns=ip", "list", "Encap");
        LabStatus status = lab.status();
        for (LabNode n : nodes) {
            assertThat(chassis).contains(n.chassis());
            assertThat(encaps).contains(n.encapIp());
            String tunnels = lab.vsctl(n, "--bare", "--columns=options", "find", "Interface", "type=geneve");
            for (LabNode other : nodes) {
                if (other != n) {
                    assertThat(tunnels)
                            .as(n.name() + " -> " + other.name())
                            .containsPattern("remote_ip=" + Pattern.quote(other.encapIp()) + "\\b");
                }
            }
            assertThat(lab.vsctl(n, "get", "Open_vSwitch", ".", "external_ids:ovn-bridge-mappings"))
                    .contains("phys-net10:br-prov");
            assertThat(lab.appctl(n, "ovs/route/show")).contains("172.31.255.0/24 dev br-phy");
            // each vswitchd sits in its node's namespace, where its taps cannot clash with the other nodes'
            long vswitchd = status.daemons().stream()
                    .filter(d -> d.name().equals(n.index() == 0 ? "ovs-vswitchd" : n.name() + "/ovs-vswitchd"))
                    .findFirst()
                    .orElseThrow()
                    .pid()
                    .orElseThrow();
            assertThat(netnsOf(vswitchd)).isEqualTo(Files.getAttribute(Path.of("/run/netns", n.netns()), "unix:ino"));
        }
        assertThat(status.up()).isTrue();
        assertThat(status.nodes()).hasSize(3).allMatch(LabStatus.NodeStatus::registered);
        assertThat(status.render())
                .contains("node2/ovn-controller")
                .contains("itmn3-node2")
                .contains("registered in SB");

        Physnet p = lab.physnet().orElseThrow();
        assertThat(lab.netns()
                        .exec(p.externalHostNamespace(), "ip", "-4", "-o", "addr", "show", "dev", "eth0")
                        .orThrow()
                        .stdout())
                .contains("inet " + p.externalHostAddress() + "/24");
        assertThat(lab.fabricNamespace()).contains("itmn3-fabric");
        assertThat(lab.up()).as("second up on a running lab").isZero();

        // what `lab status` and `lab down` in another process see: every node, from the state directory alone
        Lab again = Lab.at(lab.config().dir(), l -> {});
        assertThat(again.nodes()).isEqualTo(nodes);
        assertThat(again.status().up()).isTrue();
        again.down();
        LabIT.assertNothingLeft(lab.config());
    }

    @Test
    void aDeadDaemonOfAnotherNodeIsNoticedAndUpStartsTheLabAgain() {
        Lab lab = lab("itmndead", new NodeOptions(2, false));
        lab.up();
        long controller = lab.status().daemons().stream()
                .filter(d -> d.name().equals("node1/ovn-controller"))
                .findFirst()
                .orElseThrow()
                .pid()
                .orElseThrow();
        ProcessHandle.of(controller).orElseThrow().destroyForcibly();
        assertThat(io.kubetron.common.retry.Wait.upTo(java.time.Duration.ofSeconds(5))
                        .poll(() -> !lab.status().up()))
                .isTrue();
        assertThat(lab.isUp()).isFalse();

        lab.up();
        assertThat(lab.status().up()).isTrue();
        assertThat(lab.status().daemons())
                .filteredOn(d -> d.name().equals("node1/ovn-controller"))
                .allMatch(d -> d.pid().orElseThrow() != controller);
        lab.down();
        LabIT.assertNothingLeft(lab.config());
    }

    @Test
    void oneNodeWithAProviderNetworkKeepsTheLoopbackEncapAndNeedsNoFabric() {
        Lab lab = lab("itmnp1", new NodeOptions(1, true));
        lab.up();
        assertThat(lab.nodes()).singleElement().extracting(LabNode::encapIp).isEqualTo("127.0.0.1");
        assertThat(lab.fabricNamespace()).isEmpty();
        assertThat(lab.netns().exists("itmnp1-fabric")).isFalse();
        assertThat(lab.vsctl("get", "Open_vSwitch", ".", "external_ids:ovn-bridge-mappings"))
                .contains("phys-net10:br-prov");
        assertThat(lab.vsctl("list-ports", "br-prov")).contains("prov0");
        assertThat(lab.status().up()).isTrue();
        lab.down();
        LabIT.assertNothingLeft(lab.config());
    }

    private Lab lab(String name, NodeOptions nodes) {
        Lab lab = new Lab(
                LabConfig.named(name)
                        .withPorts(FreePorts.next(), FreePorts.next(), FreePorts.next())
                        .withNodes(nodes),
                l -> {});
        started.add(lab);
        return lab;
    }

    private static Object netnsOf(long pid) throws IOException {
        return Files.getAttribute(Path.of("/proc", Long.toString(pid), "ns", "net"), "unix:ino");
    }
}
