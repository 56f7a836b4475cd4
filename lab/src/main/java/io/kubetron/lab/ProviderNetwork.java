package io.kubetron.lab;

import io.kubetron.common.exec.Exec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The provider ("physical") network of {@code --physnet}. The kernel here has no 802.1Q and no VLAN-filtering bridge,
 * so the physical switch is one more userspace Open vSwitch (bridge {@value #SWITCH_BRIDGE} in namespace
 * {@code <lab>-provider}): every node's {@code br-prov} is uplinked to a trunk port of it, and the external host
 * ({@code <lab>-exthost}, untagged) to an access port of VLAN {@value #VLAN}.
 */
final class ProviderNetwork {
    static final String NETWORK = "phys-net10";
    static final String NODE_BRIDGE = "br-prov";
    static final String NODE_UPLINK = "prov0";
    static final String SWITCH_BRIDGE = "phys0";
    static final int VLAN = 100;
    static final String CIDR = "192.168.100.0/24";
    static final String EXTERNAL_HOST = "192.168.100.100";
    private static final String HOST_PORT = "exthost";

    private final LabConfig config;
    private final String datapathType;
    private final Netns netns;
    private final NodeDirs dirs;
    private final Exec exec;
    private final DaemonProcess ovsdb;
    private final DaemonProcess vswitchd;

    ProviderNetwork(LabConfig config, String datapathType, Netns netns) {
        this.config = config;
        this.datapathType = datapathType;
        this.netns = netns;
        this.dirs = NodeDirs.provider(config);
        this.exec = new Exec(dirs.environment(), java.time.Duration.ofSeconds(60));
        this.ovsdb = DaemonProcess.of("provider/ovsdb-server", "ovsdb-server", dirs, config.dir());
        this.vswitchd = DaemonProcess.of("provider/ovs-vswitchd", "ovs-vswitchd", dirs, config.dir());
    }

    /** What tests and users need to know about it. */
    static Physnet describe(LabConfig c) {
        return new Physnet(
                NETWORK,
                NODE_BRIDGE,
                VLAN,
                CIDR,
                EXTERNAL_HOST,
                c.namespacePrefix() + "exthost",
                c.namespacePrefix() + "provider");
    }

    private Physnet info() {
        return describe(config);
    }

    /** The external host and the switch's database with its access port; the switch starts in {@link #startSwitch}. */
    void create() {
        Physnet p = info();
        netns.create(p.switchNamespace());
        netns.create(p.externalHostNamespace());
        exec.check(
                "ip",
                "link",
                "add",
                HOST_PORT,
                "netns",
                p.switchNamespace(),
                "type",
                "veth",
                "peer",
                "name",
                "eth0",
                "netns",
                p.externalHostNamespace());
        exec.check("ip", "-n", p.switchNamespace(), "link", "set", HOST_PORT, "up");
        exec.check("ip", "-n", p.externalHostNamespace(), "addr", "add", EXTERNAL_HOST + "/24", "dev", "eth0");
        exec.check("ip", "-n", p.externalHostNamespace(), "link", "set", "eth0", "up");
        // its TCP would leave with CHECKSUM_PARTIAL and be dropped after the userspace datapath, as for pods
        netns.exec(p.externalHostNamespace(), "ethtool", "-K", "eth0", "tx", "off")
                .orThrow();

        dirs.create();
        Path db = dirs.db().resolve("conf.db");
        exec.check("ovsdb-tool", "create", db.toString(), "/usr/share/openvswitch/vswitch.ovsschema");
        ovsdb.start(exec, List.of("ovsdb-server", db.toString(), "--remote=punix:" + socket()));
        vsctl(
                "--no-wait",
                "init",
                "--",
                "add-br",
                SWITCH_BRIDGE,
                "--",
                "set",
                "Bridge",
                SWITCH_BRIDGE,
                "datapath_type=" + datapathType,
                "other_config:disable-in-band=true",
                "--",
                "add-port",
                SWITCH_BRIDGE,
                HOST_PORT,
                "--",
                "set",
                "Port",
                HOST_PORT,
                "tag=" + VLAN);
    }

    /** The node's cable to a trunk port of the switch; the node's namespace must exist. */
    void connect(LabNode node) {
        String port = "n" + node.index() + "-prov";
        exec.check(
                "ip",
                "link",
                "add",
                NODE_UPLINK,
                "netns",
                node.netns(),
                "type",
                "veth",
                "peer",
                "name",
                port,
                "netns",
                info().switchNamespace());
        exec.check("ip", "-n", info().switchNamespace(), "link", "set", port, "up");
        exec.check("ip", "-n", node.netns(), "link", "set", NODE_UPLINK, "up");
        // no tag: a trunk, the VLAN travels from OVN's localnet port (tag=100) to the external host's access port
        vsctl("--no-wait", "add-port", SWITCH_BRIDGE, port);
    }

    /** ovs-vsctl arguments that give a node its provider bridge and map the physical network to it. */
    List<String> nodeBridge(LabNode node) {
        return List.of(
                "--",
                "add-br",
                NODE_BRIDGE,
                "--",
                "set",
                "Bridge",
                NODE_BRIDGE,
                "datapath_type=" + node.datapathType(),
                "other_config:disable-in-band=true",
                "--",
                "add-port",
                NODE_BRIDGE,
                NODE_UPLINK,
                "--",
                "set",
                "Open_vSwitch",
                ".",
                "external_ids:ovn-bridge-mappings=" + NETWORK + ":" + NODE_BRIDGE);
    }

    void startSwitch() {
        vswitchd.start(
                exec, List.of("ip", "netns", "exec", info().switchNamespace(), "ovs-vswitchd", "unix:" + socket()));
    }

    /** In the order {@code stop} stops them. */
    List<DaemonProcess> daemons() {
        return List.of(vswitchd, ovsdb);
    }

    void stop(Consumer<String> progress) {
        for (DaemonProcess d : daemons()) {
            d.stop(exec, progress);
        }
    }

    private Path socket() {
        return dirs.run().resolve("db.sock");
    }

    private String vsctl(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ovs-vsctl", "--db=unix:" + socket(), "--timeout=20"));
        cmd.addAll(List.of(args));
        return exec.check(cmd);
    }
}
