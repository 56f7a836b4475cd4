package io.kubetron.demo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's main command as a user runs it: the packaged {@code kubetron-devkit.jar} (what {@code ./kubetron lab} executes)
 * brings a lab up, reports it, and takes it down without leftovers. Guards the fat jar's contents, which unit tests
 * on the class path cannot see.
 */
class DevkitJarIT {
    private static final Path JAR = Path.of("target", "kubetron-devkit.jar");
    private static final String NAME = "ktjar";

    private record Run(int exit, String output) {}

    private static Run kubetron(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-jar",
                JAR.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    @AfterEach
    void down() throws Exception {
        kubetron("lab", "down", "--name", NAME);
    }

    @Test
    void labUpStatusDownFromThePackagedJar() throws Exception {
        assertThat(JAR).exists();
        Run up = kubetron(
                "lab",
                "up",
                "--name",
                NAME,
                "--nb-port",
                "" + free(),
                "--sb-port",
                "" + free(),
                "--nb-ssl-port",
                "" + free());
        assertThat(up.exit()).as(up.output()).isZero();
        assertThat(up.output()).contains("lab " + NAME + " up in").contains("Lab " + NAME + " is up. Next:");

        Run status = kubetron("lab", "status", "--name", NAME);
        assertThat(status.exit()).as(status.output()).isZero();
        assertThat(status.output()).contains("lab " + NAME + ": up").contains("ovn-controller  pid");

        Run down = kubetron("lab", "down", "--name", NAME);
        assertThat(down.exit()).as(down.output()).isZero();
        assertThat(Files.exists(Path.of("/tmp/kubetron-" + NAME))).isFalse();
        assertThat(kubetron("lab", "status", "--name", NAME).exit()).isEqualTo(3);
    }

    @Test
    void multiNodeLabWithAProviderNetworkFromThePackagedJar() throws Exception {
        Run up = kubetron(
                "lab",
                "up",
                "--name",
                NAME,
                "--nodes",
                "2",
                "--physnet",
                "--nb-port",
                "" + free(),
                "--sb-port",
                "" + free(),
                "--nb-ssl-port",
                "" + free());
        assertThat(up.exit()).as(up.output()).isZero();
        assertThat(up.output())
                .contains("2 chassis registered")
                .contains("2 nodes (chassis " + NAME + "-chassis, " + NAME + "-node1)")
                .contains("external host 192.168.100.100");

        Run status = kubetron("lab", "status", "--name", NAME);
        assertThat(status.exit()).as(status.output()).isZero();
        assertThat(status.output())
                .contains("node1/ovs-vswitchd")
                .contains("provider/ovs-vswitchd")
                .containsPattern("node1 +chassis " + NAME + "-node1 +registered in SB");
        Run env = kubetron("lab", "env", "--name", NAME);
        assertThat(env.output())
                .contains("export KUBETRON_LAB_NODE1_OVS_DB='unix:/tmp/kubetron-" + NAME + "/node1/run/db.sock'")
                .contains("export KUBETRON_LAB_EXTERNAL_HOST_NETNS='" + NAME + "-exthost'");

        Run down = kubetron("lab", "down", "--name", NAME);
        assertThat(down.exit()).as(down.output()).isZero();
        assertThat(down.output())
                .contains("stopped node1/ovs-vswitchd")
                .contains("deleted namespace " + NAME + "-node1");
        assertThat(Path.of("/run/netns").toFile().list()).noneMatch(n -> n.startsWith(NAME + "-"));
    }

    private static int free() throws IOException {
        return io.kubetron.lab.FreePorts.next();
    }
}
