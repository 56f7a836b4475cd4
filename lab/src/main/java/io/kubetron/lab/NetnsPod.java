package io.kubetron.lab;

import io.kubetron.common.dhcp.DhcpHook;
import io.kubetron.common.exec.Exec;
import io.kubetron.common.retry.Wait;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A network namespace standing in for a Pod on one node of the lab: run commands in it, plug interfaces into that
 * node's {@code br-int}, get addresses from OVN DHCP, ping. Not thread-safe.
 */
public final class NetnsPod {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Lab lab;
    private final String namespace;
    private final LabNode node;
    private final List<String> hostPorts = new ArrayList<>();

    NetnsPod(Lab lab, String namespace, LabNode node) {
        this.lab = lab;
        this.namespace = namespace;
        this.node = node;
    }

    public String namespace() {
        return namespace;
    }

    /** The node whose br-int this pod's interfaces are plugged into. */
    public LabNode node() {
        return node;
    }

    void create() {
        lab.netns().create(namespace);
    }

    /** Runs a command inside the pod and returns its exit status and output. */
    public Exec.Result exec(String... command) {
        return lab.netns().exec(namespace, command);
    }

    /**
     * Connects interface {@code ifname} of this pod to the logical switch port {@code lsp}: a veth pair whose host end
     * (in the node's namespace) is an OVS port on the node's br-int with {@code external_ids:iface-id=lsp}. Returns once
     * the node's ovn-controller reports the port installed.
     *
     * @param mac must equal the logical port's MAC, or OVN drops the pod's DHCP requests
     * @param mtu of both ends: the userspace datapath sizes its receive buffer from the host end's MTU
     * @return the host end's name
     */
    public String plug(String ifname, String lsp, String mac, int mtu) {
        String host = "tk" + HexFormat.of().formatHex(randomBytes(5));
        String hostNs = node.netns();
        Exec exec = lab.exec();
        exec.check(
                "ip",
                "link",
                "add",
                host,
                "netns",
                hostNs,
                "mtu",
                Integer.toString(mtu),
                "type",
                "veth",
                "peer",
                "name",
                ifname,
                "netns",
                namespace,
                "mtu",
                Integer.toString(mtu));
        hostPorts.add(host);
        exec.check("ip", "-n", namespace, "link", "set", ifname, "address", mac, "up");
        exec.check("ip", "-n", hostNs, "link", "set", host, "up");
        // the userspace datapath forwards CHECKSUM_PARTIAL packets unfixed: TCP/UDP need tx offload off
        exec("ethtool", "-K", ifname, "tx", "off").orThrow();
        lab.vsctl(
                node,
                "add-port",
                "br-int",
                host,
                "--",
                "set",
                "Interface",
                host,
                "external_ids:iface-id=" + lsp,
                "external_ids:kubetron-owner=testkit:" + namespace);
        awaitInstalled(host, Duration.ofSeconds(30));
        return host;
    }

    /**
     * {@link #plug(String, String, String, int)} with the lab's Pod MTU: 1500, or 1400 when the lab has several
     * nodes, because the userspace datapath does not fragment a full-size frame plus the Geneve header.
     */
    public String plug(String ifname, String lsp, String mac) {
        return plug(ifname, lsp, mac, lab.config().nodes().podMtu());
    }

    private void awaitInstalled(String host, Duration timeout) {
        Wait.upTo(timeout)
                .until(
                        "ovn-controller to install port " + host + " of " + namespace,
                        () -> lab.vsctl(node, "--if-exists", "get", "Interface", host, "external_ids:ovn-installed")
                                .contains("true"));
    }

    /**
     * Asks OVN's DHCP server for an address on {@code ifname} and applies the lease.
     *
     * @param defaultRoute whether to take the lease's router as default route
     * @return the leased IPv4 address
     */
    public String dhcp(String ifname, boolean defaultRoute) {
        List<String> cmd =
                new ArrayList<>(List.of("env", DhcpHook.DEFAULT_ROUTE_ENV + "=" + (defaultRoute ? "1" : "0")));
        cmd.addAll(DhcpHook.udhcpc(ifname, lab.dhcpHook(), 5));
        Exec.Result r = lab.netns().exec(namespace, cmd);
        return DhcpHook.lease(r.stdout())
                .filter(l -> r.ok())
                .map(DhcpHook.Lease::ip)
                .orElseThrow(() -> new IllegalStateException(
                        "no DHCP lease on " + namespace + "/" + ifname + ": " + r.stdout() + r.stderr()));
    }

    /** The first IPv4 address on {@code ifname}, if any. */
    public Optional<String> ipv4(String ifname) {
        String out =
                exec("ip", "-4", "-o", "addr", "show", "dev", ifname).orThrow().stdout();
        Matcher m = Pattern.compile("inet (\\d+\\.\\d+\\.\\d+\\.\\d+)/").matcher(out);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Whether {@code count} pings to {@code address} get replies (one second per reply at most). */
    public boolean ping(String address, int count) {
        return exec("busybox", "ping", "-c", Integer.toString(count), "-i", "0.2", "-W", "1", address)
                .ok();
    }

    /** Removes the OVS ports this pod plugged and its namespace (the veths go with it). */
    void delete() {
        for (String host : hostPorts) {
            lab.vsctl(node, "--if-exists", "del-port", "br-int", host);
        }
        hostPorts.clear();
        lab.netns().delete(namespace);
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
