package io.kubetron.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubetron.lab.Lab;
import io.kubetron.lab.LabNode;
import io.kubetron.lab.NetnsPod;
import io.kubetron.lab.NetnsPods;
import io.kubetron.lab.Physnet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Pods on different nodes of a two-node lab with a provider network: on one overlay switch they get OVN DHCP
 * addresses from their own node's chassis and reach each other through a Geneve tunnel that the userspace datapath
 * encapsulates (seen in the datapath flows and on the fabric); on a localnet switch (phys-net10, VLAN 100) they reach
 * the external host through the provider switch.
 */
@ExtendWith(LabExtension.class)
@OwnLab
@MultiNodeLab(nodes = 2, physnet = true)
class MultiNodePodsIT {
    private static final Pattern PACKETS = Pattern.compile("packets:(\\d+)");

    @Test
    void podsOnTwoNodesGetDhcpAddressesAndPingEachOtherThroughAGeneveTunnel(Lab lab, NetnsPods pods) {
        List<LabNode> nodes = lab.nodes();
        assertThat(nodes).hasSize(2);
        assertThat(lab.sbctl("--bare", "--columns=name", "list", "Chassis"))
                .contains(nodes.get(0).chassis())
                .contains(nodes.get(1).chassis());
        String dhcp = switchWithDhcp(lab, "mnover", "10.81.0.0/24", "10.81.0.1", "c0:ff:ee:00:81:01", 1400);
        try {
            port(lab, "mnover", "mn-a", "0a:00:00:81:00:0a", "10.81.0.10", dhcp);
            port(lab, "mnover", "mn-b", "0a:00:00:81:00:0b", "10.81.0.11", dhcp);
            lab.nbctl("--wait=hv", "sync");
            NetnsPod a = pods.create("mna", nodes.get(0));
            NetnsPod b = pods.create("mnb", nodes.get(1));
            a.plug("eth1", "mn-a", "0a:00:00:81:00:0a");
            b.plug("eth1", "mn-b", "0a:00:00:81:00:0b");
            // the host end is in the node's namespace, the OVS port on the node's br-int
            assertThat(lab.vsctl(nodes.get(1), "list-ports", "br-int")).contains("tk");
            assertThat(lab.vsctl(nodes.get(0), "list-ports", "br-int"))
                    .doesNotContain(lab.vsctl(nodes.get(1), "list-ports", "br-int")
                            .lines()
                            .filter(l -> l.startsWith("tk"))
                            .findFirst()
                            .orElseThrow());

            assertThat(a.dhcp("eth1", false)).isEqualTo("10.81.0.10");
            assertThat(b.dhcp("eth1", false)).isEqualTo("10.81.0.11");
            assertThat(a.exec("cat", "/sys/class/net/eth1/mtu").stdout().strip())
                    .isEqualTo("1400");
            assertThat(boundChassis(lab, "mn-a")).isEqualTo(nodes.get(0).chassis());
            assertThat(boundChassis(lab, "mn-b")).isEqualTo(nodes.get(1).chassis());

            String fabric = lab.fabricNamespace().orElseThrow();
            long toNode1Before = counter(lab, fabric, "n1-ul", "tx_packets");
            long fromNode1Before = counter(lab, fabric, "n1-ul", "rx_packets");
            assertThat(a.ping("10.81.0.11", 10)).as("node0 -> node1").isTrue();
            assertThat(b.ping("10.81.0.10", 5)).as("node1 -> node0").isTrue();
            // a full-size frame plus the Geneve header still fits the underlay's 1500 (OVS does not fragment)
            assertThat(a.exec("busybox", "ping", "-c", "3", "-i", "0.2", "-W", "1", "-s", "1372", "10.81.0.11")
                            .ok())
                    .as("full-size ping across the tunnel")
                    .isTrue();

            // node 0's datapath encapsulated (tnl_push) and node 1's decapsulated (tnl_pop) the pods' packets: 18
            // each way, less the first of each flow
            assertThat(packets(lab.appctl(nodes.get(0), "dpctl/dump-flows", "netdev@ovs-netdev"), "tnl_push(tnl_port("))
                    .isGreaterThanOrEqualTo(10);
            assertThat(packets(lab.appctl(nodes.get(1), "dpctl/dump-flows", "netdev@ovs-netdev"), "tnl_pop("))
                    .isGreaterThanOrEqualTo(10);
            // and they crossed the fabric: node 1's only link to node 0
            assertThat(counter(lab, fabric, "n1-ul", "tx_packets") - toNode1Before)
                    .isGreaterThanOrEqualTo(18);
            assertThat(counter(lab, fabric, "n1-ul", "rx_packets") - fromNode1Before)
                    .isGreaterThanOrEqualTo(18);
        } finally {
            lab.nbctl("--if-exists", "ls-del", "mnover", "--", "destroy", "DHCP_Options", dhcp);
        }
    }

    @Test
    void podsOnTheProviderNetworkReachTheExternalHostOnVlan100(Lab lab, NetnsPods pods) {
        Physnet p = lab.physnet().orElseThrow();
        List<LabNode> nodes = lab.nodes();
        lab.nbctl(
                "ls-add",
                "mnphys",
                "--",
                "lsp-add",
                "mnphys",
                "mnphys-ln",
                "--",
                "lsp-set-type",
                "mnphys-ln",
                "localnet",
                "--",
                "lsp-set-addresses",
                "mnphys-ln",
                "unknown",
                "--",
                "lsp-set-options",
                "mnphys-ln",
                "network_name=" + p.network(),
                "--",
                "set",
                "Logical_Switch_Port",
                "mnphys-ln",
                "tag=" + p.vlan());
        String dhcp = switchWithDhcp(lab, "mnphys", p.cidr(), "192.168.100.1", "c0:ff:ee:00:64:01", 0);
        try {
            port(lab, "mnphys", "mn-c", "0a:00:00:64:00:0c", "192.168.100.12", dhcp);
            port(lab, "mnphys", "mn-d", "0a:00:00:64:00:0d", "192.168.100.13", dhcp);
            lab.nbctl("--wait=hv", "sync");
            NetnsPod c = pods.create("mnc", nodes.get(0));
            NetnsPod d = pods.create("mnd", nodes.get(1));
            c.plug("eth1", "mn-c", "0a:00:00:64:00:0c");
            d.plug("eth1", "mn-d", "0a:00:00:64:00:0d");
            assertThat(c.dhcp("eth1", false)).isEqualTo("192.168.100.12");
            assertThat(d.dhcp("eth1", false)).isEqualTo("192.168.100.13");

            assertThat(d.ping(p.externalHostAddress(), 5))
                    .as("node1's pod -> external host")
                    .isTrue();
            assertThat(c.ping(p.externalHostAddress(), 5))
                    .as("node0's pod -> external host")
                    .isTrue();
            // the localnet port tags the frames with VLAN 100 on the way to the provider switch (a flow's counter
            // misses the first packet, which the upcall that installs the flow forwards)
            assertThat(packets(
                            lab.appctl(nodes.get(1), "dpctl/dump-flows", "netdev@ovs-netdev"),
                            "push_vlan(vid=" + p.vlan() + ","))
                    .isGreaterThanOrEqualTo(3);
            // the external host sees the pods' addresses, untagged, on its own interface
            assertThat(lab.netns()
                            .exec(p.externalHostNamespace(), "ip", "neigh", "show", "dev", "eth0")
                            .stdout())
                    .contains("192.168.100.12")
                    .contains("192.168.100.13");
        } finally {
            lab.nbctl("--if-exists", "ls-del", "mnphys", "--", "destroy", "DHCP_Options", dhcp);
        }
    }

    private static String switchWithDhcp(Lab lab, String name, String cidr, String router, String serverMac, int mtu) {
        if (!lab.nbctl("--bare", "--columns=name", "find", "Logical_Switch", "name=" + name)
                .contains(name)) {
            lab.nbctl("ls-add", name);
        }
        return lab.nbctl(
                        "create",
                        "DHCP_Options",
                        "cidr=" + cidr,
                        "options=\"lease_time\"=\"3600\" \"router\"=\""
                                + router + "\" \"server_id\"=\"" + router + "\" \"server_mac\"=\"" + serverMac + "\""
                                + (mtu > 0 ? " \"mtu\"=\"" + mtu + "\"" : ""))
                .strip();
    }

    private static void port(Lab lab, String sw, String lsp, String mac, String ip, String dhcp) {
        lab.nbctl(
                "lsp-add",
                sw,
                lsp,
                "--",
                "lsp-set-addresses",
                lsp,
                mac + " " + ip,
                "--",
                "lsp-set-dhcpv4-options",
                lsp,
                dhcp);
    }

    private static String boundChassis(Lab lab, String lsp) {
        String uuid = lab.sbctl("--bare", "--columns=chassis", "find", "Port_Binding", "logical_port=" + lsp)
                .strip();
        return lab.sbctl("--bare", "--columns=name", "list", "Chassis", uuid).strip();
    }

    /** Packets counted by the datapath flows whose actions contain {@code action}. */
    private static long packets(String flows, String action) {
        long total = 0;
        for (String flow : flows.lines().filter(l -> l.contains(action)).toList()) {
            Matcher m = PACKETS.matcher(flow);
            if (m.find()) {
                total += Long.parseLong(m.group(1));
            }
        }
        return total;
    }

    private static long counter(Lab lab, String namespace, String link, String name) {
        // ip netns exec mounts the namespace's own /sys
        return Long.parseLong(lab.netns()
                .exec(namespace, "cat", "/sys/class/net/" + link + "/statistics/" + name)
                .orThrow()
                .stdout()
                .strip());
    }
}
