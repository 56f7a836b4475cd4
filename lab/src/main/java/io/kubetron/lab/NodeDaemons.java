package io.kubetron.lab;

import io.kubetron.common.exec.Exec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * A node beside node 0: its own ovsdb-server (root namespace, unix socket only), its own ovs-vswitchd and
 * ovn-controller (both in the node's namespace), all in {@code <dir>/node<i>}. ovn-controller reaches the shared
 * Southbound DB over its unix socket, which works from any namespace.
 */
final class NodeDaemons {
    private final LabNode node;
    private final NodeDirs dirs;
    private final Exec exec;
    private final DaemonProcess ovsdb;
    private final DaemonProcess vswitchd;
    private final DaemonProcess controller;

    NodeDaemons(LabConfig config, LabNode node) {
        this.node = node;
        this.dirs = NodeDirs.of(config, node.index());
        // each daemon and tool finds this node's br-int.mgmt and pidfiles through these, as on a real node
        this.exec = new Exec(dirs.environment(), Duration.ofSeconds(60));
        this.ovsdb = DaemonProcess.of(node.name() + "/ovsdb-server", "ovsdb-server", dirs, config.dir());
        this.vswitchd = DaemonProcess.of(node.name() + "/ovs-vswitchd", "ovs-vswitchd", dirs, config.dir());
        this.controller = DaemonProcess.of(node.name() + "/ovn-controller", "ovn-controller", dirs, config.dir());
    }

    LabNode node() {
        return node;
    }

    /** Creates its database, starts its ovsdb-server and writes its settings ({@code ovs-vsctl} arguments). */
    void startDatabase(List<String> settings) {
        dirs.create();
        Path db = dirs.db().resolve("conf.db");
        exec.check("ovsdb-tool", "create", db.toString(), "/usr/share/openvswitch/vswitch.ovsschema");
        ovsdb.start(
                exec,
                List.of(
                        "ovsdb-server",
                        db.toString(),
                        "--remote=punix:" + dirs.run().resolve("db.sock")));
        exec.check(LabNodes.vsctl(node, settings));
    }

    void startSwitch() {
        vswitchd.start(exec, List.of("ip", "netns", "exec", node.netns(), "ovs-vswitchd", node.ovsdb()));
    }

    void startController() {
        controller.start(exec, List.of("ip", "netns", "exec", node.netns(), "ovn-controller", node.ovsdb()));
    }

    /** In the order {@code stop} stops them. */
    List<DaemonProcess> daemons() {
        return List.of(controller, vswitchd, ovsdb);
    }

    void stop(Consumer<String> progress) {
        for (DaemonProcess d : daemons()) {
            d.stop(exec, progress);
        }
    }
}
