package io.kubetron.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubetron.lab.Lab;
import io.kubetron.lab.NetnsPod;
import io.kubetron.lab.NetnsPods;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The lab is a working OVN: namespaces on one logical switch get their addresses from OVN's DHCP server and reach each
 * other; a namespace on another switch does not reach them. (Set up with ovn-nbctl: Kubetron's own backends are
 * tested on top of this.)
 */
@ExtendWith(LabExtension.class)
class LabSelfTestIT {

    @Test
    void podsOnOneSwitchGetDhcpAddressesAndPingEachOtherButNotAnotherSwitch(Lab lab, NetnsPods pods) {
        String net1Dhcp = switchWithDhcp(lab, "selftest1", "10.71.0.0/24", "10.71.0.1", "c0:ff:ee:00:71:01");
        String net2Dhcp = switchWithDhcp(lab, "selftest2", "10.72.0.0/24", "10.72.0.1", "c0:ff:ee:00:72:01");
        try {
            port(lab, "selftest1", "st-a", "0a:00:00:71:00:0a", "10.71.0.10", net1Dhcp);
            port(lab, "selftest1", "st-b", "0a:00:00:71:00:0b", "10.71.0.11", net1Dhcp);
            port(lab, "selftest2", "st-c", "0a:00:00:72:00:0c", "10.72.0.12", net2Dhcp);

            NetnsPod a = pods.create("a");
            NetnsPod b = pods.create("b");
            NetnsPod c = pods.create("c");
            a.plug("eth1", "st-a", "0a:00:00:71:00:0a");
            b.plug("eth1", "st-b", "0a:00:00:71:00:0b");
            c.plug("eth1", "st-c", "0a:00:00:72:00:0c");

            assertThat(a.dhcp("eth1", false)).isEqualTo("10.71.0.10");
            assertThat(b.dhcp("eth1", false)).isEqualTo("10.71.0.11");
            assertThat(c.dhcp("eth1", false)).isEqualTo("10.72.0.12");
            assertThat(a.ipv4("eth1")).contains("10.71.0.10");

            assertThat(a.ping("10.71.0.11", 3)).as("a -> b on the same switch").isTrue();
            assertThat(b.ping("10.71.0.10", 3)).as("b -> a on the same switch").isTrue();
            // c has no route to 10.71/24 at all; give it one through its only interface so the packets really
            // reach OVN, which must drop them: the switches are not connected
            c.exec("ip", "route", "add", "10.71.0.0/24", "dev", "eth1").orThrow();
            assertThat(c.ping("10.71.0.10", 2))
                    .as("c on another switch must not reach a")
                    .isFalse();
        } finally {
            lab.nbctl(
                    "--if-exists",
                    "ls-del",
                    "selftest1",
                    "--",
                    "--if-exists",
                    "ls-del",
                    "selftest2",
                    "--",
                    "destroy",
                    "DHCP_Options",
                    net1Dhcp,
                    "--",
                    "destroy",
                    "DHCP_Options",
                    net2Dhcp);
        }
    }

    private static String switchWithDhcp(Lab lab, String name, String cidr, String router, String serverMac) {
        lab.nbctl("ls-add", name, "--", "set", "Logical_Switch", name, "other_config:subnet=" + cidr);
        return lab.nbctl(
                        "create",
                        "DHCP_Options",
                        "cidr=" + cidr,
                        "options=\"lease_time\"=\"3600\" \"router\"=\"" + router + "\" \"server_id\"=\"" + router
                                + "\" \"server_mac\"=\"" + serverMac + "\"")
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
}
