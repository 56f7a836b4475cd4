package io.kubetron.lab;

import io.kubetron.common.exec.Exec;
import io.kubetron.common.retry.Wait;
import java.time.Duration;
import java.util.List;

/**
 * The underlay of a multi-node lab: a Linux bridge ({@value #BRIDGE}) in namespace {@code <lab>-fabric}, and per node
 * a veth "cable" from the bridge to port {@value #UPLINK} of the node's {@code br-phy}, whose internal port carries
 * the node's tunnel endpoint address. The userspace datapath encapsulates Geneve itself: it routes the outer packet
 * with the routes it learns from the kernel of its namespace ({@code ovs/route/show}) and resolves the remote
 * endpoint by snooping ARP on br-phy, so the kernel needs no tunnel driver.
 */
final class Fabric {
    static final String SUBNET = "172.31.255.0/24";
    static final String BRIDGE = "fab0";
    static final String PHYSICAL_BRIDGE = "br-phy";
    static final String UPLINK = "ul0";
    static final int MTU = 1500;
    private static final Duration TAP_TIMEOUT = Duration.ofSeconds(10);

    private final LabConfig config;
    private final Exec exec;
    private final Netns netns;

    Fabric(LabConfig config, Exec exec, Netns netns) {
        this.config = config;
        this.exec = exec;
        this.netns = netns;
    }

    /** Node {@code index}'s tunnel endpoint: .10, .11, ... of {@value #SUBNET}. */
    static String address(int index) {
        return "172.31.255." + (10 + index);
    }

    String namespace() {
        return config.namespacePrefix() + "fabric";
    }

    void create() {
        netns.create(namespace());
        exec.check("ip", "-n", namespace(), "link", "add", BRIDGE, "mtu", Integer.toString(MTU), "type", "bridge");
        exec.check("ip", "-n", namespace(), "link", "set", BRIDGE, "up");
    }

    /** The node's cable into the fabric; its namespace must exist. Made in both namespaces at once, never in ours. */
    void connect(LabNode node) {
        String port = "n" + node.index() + "-ul";
        exec.check(
                "ip",
                "link",
                "add",
                UPLINK,
                "netns",
                node.netns(),
                "mtu",
                Integer.toString(MTU),
                "type",
                "veth",
                "peer",
                "name",
                port,
                "netns",
                namespace(),
                "mtu",
                Integer.toString(MTU));
        exec.check("ip", "-n", namespace(), "link", "set", port, "master", BRIDGE, "up");
        exec.check("ip", "-n", node.netns(), "link", "set", UPLINK, "up");
    }

    /** ovs-vsctl arguments that give a node its br-phy with the uplink. */
    List<String> nodeBridge(LabNode node) {
        return List.of(
                "--",
                "add-br",
                PHYSICAL_BRIDGE,
                "--",
                "set",
                "Bridge",
                PHYSICAL_BRIDGE,
                "datapath_type=" + node.datapathType(),
                "other_config:disable-in-band=true",
                "--",
                "set",
                "Interface",
                PHYSICAL_BRIDGE,
                "mtu_request=" + MTU,
                "--",
                "add-port",
                PHYSICAL_BRIDGE,
                UPLINK);
    }

    /**
     * Puts the node's tunnel endpoint on its br-phy tap, which its vswitchd creates when it starts. From that address
     * the kernel of the node's namespace gets the connected route vswitchd learns.
     */
    void address(LabNode node) {
        Wait.upTo(TAP_TIMEOUT)
                .until(
                        node.name() + ": ovs-vswitchd to create its " + PHYSICAL_BRIDGE + " tap",
                        () -> exec.run("ip", "-n", node.netns(), "link", "show", PHYSICAL_BRIDGE)
                                .ok());
        exec.check("ip", "-n", node.netns(), "addr", "add", node.encapIp() + "/24", "dev", PHYSICAL_BRIDGE);
        exec.check("ip", "-n", node.netns(), "link", "set", PHYSICAL_BRIDGE, "up");
    }

    /** Whether the node's vswitchd routes the underlay through br-phy (it learns that from its namespace's kernel). */
    boolean routed(LabNode node) {
        Exec.Result r = exec.run("ovs-appctl", "-t", node.vswitchdControl().toString(), "ovs/route/show");
        return r.ok() && r.stdout().contains(SUBNET + " dev " + PHYSICAL_BRIDGE);
    }
}
