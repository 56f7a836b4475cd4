package io.kubetron.common.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DhcpHookTest {
    @Test
    void appliesTheMaskDhcpGaveAndAHostAddressWithout() {
        String s = DhcpHook.script();
        assertThat(s).startsWith("#!/bin/sh\n").contains("ip addr add \"$ip/${mask:-32}\" dev \"$interface\"");
        assertThat(s).contains("\"${" + DhcpHook.DEFAULT_ROUTE_ENV + ":-0}\" = 1");
    }

    @Test
    void readsTheLeaseLine() {
        String out = "udhcpc: started\nLEASE iface=net1 ip=10.81.0.2 mask=24 router=10.81.0.1 server=10.81.0.1 "
                + "lease=3600 mtu=1442\nudhcpc: exiting\n";
        assertThat(DhcpHook.lease(out)).contains(new DhcpHook.Lease("net1", "10.81.0.2", "24"));
        assertThat(DhcpHook.lease("LEASE iface=net1 ip=10.0.0.9 mask= router=").map(DhcpHook.Lease::mask))
                .contains("");
        assertThat(DhcpHook.lease("udhcpc: no lease, failing")).isEmpty();
    }

    @Test
    void runsUdhcpcOnce() {
        assertThat(DhcpHook.udhcpc("net1", Path.of("/state/udhcpc-hook.sh"), 5))
                .containsExactly(
                        "busybox",
                        "udhcpc",
                        "-i",
                        "net1",
                        "-s",
                        "/state/udhcpc-hook.sh",
                        "-q",
                        "-n",
                        "-f",
                        "-t",
                        "5",
                        "-T",
                        "1");
    }
}
