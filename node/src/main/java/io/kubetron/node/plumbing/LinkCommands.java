package io.kubetron.node.plumbing;

import java.util.ArrayList;
import java.util.List;

/**
 * The iproute2 batches of one attachment ({@code ip -batch -} input, one command per line): no netlink library exists
 * for Java here, so the kernel work is one {@code ip} process per step rather than one per command. Pure.
 */
final class LinkCommands {
    private LinkCommands() {}

    /**
     * Run in the namespace that holds the OVS datapath: the veth pair, its Pod end created directly inside the Pod's
     * namespace (by the PID of one of its processes), both ends with the network's MTU; the host end up.
     */
    public static List<String> hostSide(Attachment a, long podPid) {
        return List.of(
                "link add " + a.hostIfName() + " mtu " + a.mtu() + " type veth peer name " + a.podIfName() + " mtu "
                        + a.mtu() + " netns " + podPid,
                "link set " + a.hostIfName() + " up");
    }

    /** Run in the Pod's namespace: the port's MAC, up, and in static mode the port's addresses. */
    public static List<String> podSide(Attachment a) {
        List<String> lines = new ArrayList<>();
        lines.add("link set dev " + a.podIfName() + " address " + a.mac());
        lines.add("link set dev " + a.podIfName() + " up");
        if (a.mode() == AddressMode.STATIC) {
            for (String ip : a.fixedIps()) {
                lines.add("addr replace " + ip + "/" + a.prefixLength() + " dev " + a.podIfName());
            }
        }
        return lines;
    }

    /**
     * Run in the Pod's namespace once the interface has its address: the default route through the gateway the Pod
     * asked for on it (the cluster network's default route is replaced; the kernel needs the address first, or the
     * gateway is unreachable). Empty when the Pod asked for none.
     */
    public static List<String> defaultRoute(Attachment a) {
        return a.defaultRoute().isEmpty()
                ? List.of()
                : List.of("route replace default via " + a.defaultRoute().getFirst() + " dev " + a.podIfName());
    }

    /** The userspace datapath forwards CHECKSUM_PARTIAL packets unfixed: without this TCP and UDP break. */
    public static List<String> txOffloadOff(Attachment a) {
        return List.of("ethtool", "-K", a.podIfName(), "tx", "off");
    }
}
