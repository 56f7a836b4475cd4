package io.kubetron.lab;

import java.nio.file.Path;

/**
 * One emulated node of a lab: its own Open vSwitch (ovsdb-server, and ovs-vswitchd in its own network namespace) and
 * its own ovn-controller, i.e. its own chassis. Node 0 is the single-node lab itself ({@code <lab>-host},
 * {@code <dir>/run/db.sock}, chassis {@code <lab>-chassis}); nodes 1.. are {@code <lab>-node<i>} with their state in
 * {@code <dir>/node<i>}.
 *
 * @param name {@code node<index>}
 * @param index 0 for the first node
 * @param netns namespace of its ovs-vswitchd: the datapath's taps and the host ends of its Pods' veths live there
 * @param ovsdb its Open_vSwitch database, {@code unix:<path>}
 * @param ovsRunDir its {@code OVS_RUNDIR} (db.sock, br-int.mgmt, ovs-vswitchd.ctl, pidfiles)
 * @param ovnRunDir its {@code OVN_RUNDIR}, where ovn-controller's pidfile and {@code ovn-controller.<pid>.ctl} are
 * @param chassis its chassis name, which is also its {@code system-id} and hostname (Neutron's {@code binding:host_id})
 * @param encapIp its tunnel endpoint ({@code ovn-encap-ip}); 127.0.0.1 in a single-node lab
 * @param datapathType {@code netdev} (userspace) or {@code system}
 */
public record LabNode(
        String name,
        int index,
        String netns,
        String ovsdb,
        Path ovsRunDir,
        Path ovnRunDir,
        String chassis,
        String encapIp,
        String datapathType) {

    /** Node {@code index} of the lab configured by {@code c}. */
    static LabNode of(LabConfig c, int index, String datapathType) {
        NodeDirs dirs = NodeDirs.of(c, index);
        String encapIp = !c.nodes().multiNode() ? "127.0.0.1" : Fabric.address(index);
        return index == 0
                ? new LabNode(
                        "node0",
                        0,
                        c.hostNamespace(),
                        "unix:" + dirs.run().resolve("db.sock"),
                        dirs.run(),
                        dirs.run(),
                        c.chassis(),
                        encapIp,
                        datapathType)
                : new LabNode(
                        "node" + index,
                        index,
                        c.namespacePrefix() + "node" + index,
                        "unix:" + dirs.run().resolve("db.sock"),
                        dirs.run(),
                        dirs.run(),
                        c.namespacePrefix() + "node" + index,
                        encapIp,
                        datapathType);
    }

    /** The control socket of its ovs-vswitchd ({@code ovs-appctl -t}). */
    public Path vswitchdControl() {
        return ovsRunDir.resolve("ovs-vswitchd.ctl");
    }
}
