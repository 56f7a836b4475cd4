package io.kubetron.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Node layout is a pure function of the configuration: node 0 is the single-node lab, unchanged. */
class LabNodeTest {
    private final LabConfig single = LabConfig.named("x5").withDir(Path.of("/tmp/x5"));

    @Test
    void theOnlyNodeOfASingleNodeLabIsTheLabItself() {
        List<LabNode> nodes = LabNodes.describe(single, "netdev");
        assertThat(nodes).hasSize(1);
        LabNode n = nodes.getFirst();
        assertThat(n.index()).isZero();
        assertThat(n.netns()).isEqualTo(single.hostNamespace());
        assertThat(n.ovsdb()).isEqualTo(LabEndpoints.of(single).ovs());
        assertThat(n.ovsRunDir()).isEqualTo(single.runDir());
        assertThat(n.ovnRunDir()).isEqualTo(single.runDir());
        assertThat(n.chassis()).isEqualTo(single.chassis());
        assertThat(n.encapIp()).isEqualTo("127.0.0.1");
        assertThat(n.vswitchdControl()).isEqualTo(Path.of("/tmp/x5/run/ovs-vswitchd.ctl"));
    }

    @Test
    void moreNodesHaveTheirOwnNamespaceDirectoryChassisAndTunnelEndpoint() {
        List<LabNode> nodes = LabNodes.describe(single.withNodes(new NodeOptions(3, false)), "netdev");
        assertThat(nodes).extracting(LabNode::netns).containsExactly("x5-host", "x5-node1", "x5-node2");
        assertThat(nodes).extracting(LabNode::chassis).containsExactly("x5-chassis", "x5-node1", "x5-node2");
        assertThat(nodes)
                .extracting(LabNode::encapIp)
                .containsExactly("172.31.255.10", "172.31.255.11", "172.31.255.12");
        assertThat(nodes.get(2).ovsdb()).isEqualTo("unix:/tmp/x5/node2/run/db.sock");
        assertThat(nodes.get(2).ovnRunDir()).isEqualTo(Path.of("/tmp/x5/node2/run"));
        // node 0 keeps its sockets: existing code that reaches it through endpoints() is unaffected
        assertThat(nodes.getFirst().ovsdb()).isEqualTo("unix:/tmp/x5/run/db.sock");
        assertThat(NodeDirs.of(single, 2).log()).isEqualTo(Path.of("/tmp/x5/log/node2"));
    }

    @Test
    void nodeCountIsBoundedAndTheTunnelMtuLeavesRoomForGeneve() {
        assertThatThrownBy(() -> new NodeOptions(0, false)).hasMessageContaining("1 to 4");
        assertThatThrownBy(() -> new NodeOptions(5, true)).hasMessageContaining("1 to 4");
        assertThat(NodeOptions.SINGLE.podMtu()).isEqualTo(1500);
        assertThat(new NodeOptions(2, false).podMtu()).isEqualTo(1400);
        assertThat(new NodeOptions(1, true).podMtu())
                .as("no tunnel with one node")
                .isEqualTo(1500);
    }

    @Test
    void nodesAndPhysnetSurviveLabPropertiesAndOldFilesMeanOneNode(@TempDir Path dir) throws Exception {
        LabConfig c = single.withDir(dir).withNodes(new NodeOptions(3, true));
        c.save();
        assertThat(LabConfig.load(dir)).contains(c);
        java.nio.file.Files.writeString(
                dir.resolve("lab.properties"), "name=x5\nnbPort=46641\nsbPort=46642\nnbSslPort=46643\nssl=true\n");
        assertThat(LabConfig.load(dir).orElseThrow().nodes()).isEqualTo(NodeOptions.SINGLE);
    }

    @Test
    void envNamesEveryNodeAndTheExternalHostOnlyWhenThereAreSome() {
        assertThat(LabEndpoints.of(single).variables(single))
                .containsEntry("KUBETRON_LAB_NODES", "1")
                .doesNotContainKeys("KUBETRON_LAB_NODE0_NETNS", "KUBETRON_LAB_EXTERNAL_HOST");
        LabConfig multi = single.withNodes(new NodeOptions(2, true));
        assertThat(LabEndpoints.of(multi).variables(multi))
                .containsEntry("KUBETRON_LAB_NODES", "2")
                .containsEntry("KUBETRON_LAB_NODE0_NETNS", "x5-host")
                .containsEntry("KUBETRON_LAB_NODE1_OVS_DB", "unix:/tmp/x5/node1/run/db.sock")
                .containsEntry("KUBETRON_LAB_NODE1_CHASSIS", "x5-node1")
                .containsEntry("KUBETRON_LAB_NODE1_ENCAP_IP", "172.31.255.11")
                .containsEntry("KUBETRON_LAB_PHYSNET", "phys-net10")
                .containsEntry("KUBETRON_LAB_PHYSNET_VLAN", "100")
                .containsEntry("KUBETRON_LAB_EXTERNAL_HOST", "192.168.100.100")
                .containsEntry("KUBETRON_LAB_EXTERNAL_HOST_NETNS", "x5-exthost")
                // node 0's variables keep their meaning
                .containsEntry("OVS_DB", "unix:/tmp/x5/run/db.sock");
    }
}
