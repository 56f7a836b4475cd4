package io.kubetron.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubetron.common.exec.Exec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Lab life cycle on the real daemons: nothing is left behind, and labs do not step on each other. */
class LabIT {
    private final List<Lab> started = new ArrayList<>();

    @AfterEach
    void downAll() {
        started.forEach(Lab::down);
    }

    @Test
    void upIsIdempotentAndDownLeavesNothingBehindTwiceInARow() {
        Lab lab = lab("itcycle");
        for (int round = 0; round < 2; round++) {
            lab.up();
            assertThat(lab.status().up()).isTrue();
            assertThat(lab.up()).as("second up on a running lab").isZero();
            assertThat(lab.vsctl("br-exists", "br-int")).isEmpty();
            assertThat(lab.nbctl("--timeout=5", "show")).isEmpty();

            lab.down();
            assertNothingLeft(lab.config());
            lab.down();
        }
    }

    @Test
    void twoLabsRunSideBySideAndStopIndependently() {
        Lab one = lab("itone");
        Lab two = lab("ittwo");
        one.up();
        two.up();
        one.nbctl("ls-add", "only-in-one");
        assertThat(two.nbctl("ls-list")).doesNotContain("only-in-one");

        one.down();
        assertNothingLeft(one.config());
        assertThat(two.status().up()).isTrue();
        assertThat(two.netns().exists(two.config().hostNamespace())).isTrue();
    }

    @Test
    void aHalfDeadLabIsCleanedAndStartedAgain() {
        Lab lab = lab("ithalf");
        lab.up();
        long northd = LabDaemon.OVN_NORTHD.pid(lab.config()).orElseThrow();
        ProcessHandle.of(northd).orElseThrow().destroyForcibly();
        io.kubetron.common.retry.Wait.upTo(java.time.Duration.ofSeconds(5))
                .poll(() -> LabDaemon.OVN_NORTHD.pid(lab.config()).isEmpty());
        assertThat(lab.status().up()).isFalse();

        lab.up();
        assertThat(lab.status().up()).isTrue();
        assertThat(LabDaemon.OVN_NORTHD.pid(lab.config()).orElseThrow()).isNotEqualTo(northd);
    }

    @Test
    void aBusyPortIsReportedAndNothingIsStarted() throws IOException {
        Lab lab;
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            lab = new Lab(LabConfig.named("itbusy").withPorts(busy.getLocalPort(), freePort(), freePort()), l -> {});
            started.add(lab);
            assertThatThrownBy(lab::up)
                    .hasMessageContaining("TCP port " + busy.getLocalPort() + " on 127.0.0.1 is in use");
        }
        assertNothingLeft(lab.config());
    }

    @Test
    void aBusyNeutronPortIsReportedAndNothingIsStarted() throws IOException {
        Lab lab;
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            lab = new Lab(
                    LabConfig.named("itbusyn")
                            .withPorts(freePort(), freePort(), freePort())
                            .withNeutron(new NeutronOptions(true, false, busy.getLocalPort(), freePort())),
                    l -> {});
            started.add(lab);
            assertThatThrownBy(lab::up)
                    .hasMessageContaining("TCP port " + busy.getLocalPort() + " on 127.0.0.1 is in use");
        }
        assertNothingLeft(lab.config());
    }

    private Lab lab(String name) {
        Lab lab = new Lab(LabConfig.named(name).withPorts(freePort(), freePort(), freePort()), l -> {});
        started.add(lab);
        return lab;
    }

    static void assertNothingLeft(LabConfig c) {
        assertThat(Files.exists(c.dir())).as("state directory").isFalse();
        assertThat(new Netns(Exec.plain()).list()).as("namespaces").noneMatch(n -> n.startsWith(c.namespacePrefix()));
        assertThat(ProcessHandle.allProcesses()
                        .filter(p -> p.info().commandLine().orElse("").contains(c.dir() + "/"))
                        .filter(p -> !isZombie(p.pid()))
                        .toList())
                .as("processes")
                .isEmpty();
        for (int port : c.withSsl(true)
                .withNeutron(new NeutronOptions(
                        true, true, c.neutron().port(), c.neutron().keystonePort()))
                .tcpPorts()) {
            assertThat(listening(port)).as("listener on " + port).isFalse();
        }
        assertThat(Exec.plain().check("ip", "-o", "link", "show"))
                .as("links in the root namespace")
                .doesNotContain(c.name() + "-");
        // every node's ovsdb-server, vswitchd and ovn-controller listened on unix sockets in the state directory
        try {
            assertThat(Files.readString(Path.of("/proc/net/unix")))
                    .as("unix listeners")
                    .doesNotContain(c.dir() + "/");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean isZombie(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .anyMatch(l -> l.startsWith("State:") && l.contains("Z"));
        } catch (IOException e) {
            return true;
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() {
        return FreePorts.next();
    }
}
