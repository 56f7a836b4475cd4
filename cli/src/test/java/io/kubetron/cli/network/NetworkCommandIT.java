package io.kubetron.cli.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubetron.backend.NetworkBackend;
import io.kubetron.backend.PortRequest;
import io.kubetron.backend.config.BackendSettings;
import io.kubetron.backend.config.Backends;
import io.kubetron.cli.Main;
import io.kubetron.lab.Lab;
import io.kubetron.model.owner.PortOwner;
import io.kubetron.testkit.LabExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** {@code kubetron network} and {@code kubetron port} against the lab's OVN, given the lab's endpoints as a {@code --config} file. */
@ExtendWith(LabExtension.class)
class NetworkCommandIT {

    private record Run(int exit, String out, String err) {}

    private static Run kubetron(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int rc = cl.execute(args);
        return new Run(rc, out.toString(), err.toString());
    }

    @Test
    void createListAndDeleteNetworksAndListOwnedPorts(Lab lab) {
        Run created = kubetron(
                "network",
                "create",
                "cli-red",
                "--subnet",
                "10.61.0.0/24",
                "--dns",
                "10.61.0.53",
                "--backend",
                "ovn",
                "--config",
                LabBackendConfig.of(lab));
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).containsPattern("cli-red\\s+overlay\\s+10.61.0.0/24\\s+10.61.0.1");

        Run again = kubetron("network", "create", "cli-red", "--backend", "ovn", "--config", LabBackendConfig.of(lab));
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err().strip()).isEqualTo("kubetron: network cli-red already exists");

        Run json = kubetron("network", "list", "-o", "json", "--backend", "ovn", "--config", LabBackendConfig.of(lab));
        assertThat(json.out()).contains("\"name\" : \"cli-red\"").contains("\"cidr\" : \"10.61.0.0/24\"");

        try (NetworkBackend b = Backends.open(BackendSettings.fromMap(
                Map.of("KUBETRON_OVN_NB", lab.endpoints().nb()), "ovn"))) {
            var net = b.findNetwork("cli-red").orElseThrow();
            var port = b.createPort(new PortRequest(
                    net, "cli-red-abcdefg", new PortOwner("team-a", "web-1", null, null, "r1"), null, null));
            Run ports = kubetron(
                    "port",
                    "list",
                    "--owner",
                    "team-a/web-1",
                    "--backend",
                    "ovn",
                    "--config",
                    LabBackendConfig.of(lab));
            assertThat(ports.out())
                    .containsPattern("team-a/web-1\\s+cli-red\\s+cli-red-abcdefg\\s+" + port.macAddress()
                            + "\\s+10.61.0.2\\s+" + port.id());
            assertThat(kubetron(
                                    "port",
                                    "list",
                                    "--owner",
                                    "team-b",
                                    "--backend",
                                    "ovn",
                                    "--config",
                                    LabBackendConfig.of(lab))
                            .out())
                    .doesNotContain(port.id());

            Run inUse =
                    kubetron("network", "delete", "cli-red", "--backend", "ovn", "--config", LabBackendConfig.of(lab));
            assertThat(inUse.exit()).isEqualTo(1);
            assertThat(inUse.err()).contains("still has 1 port(s)");
            b.deletePort(port.id());
        }
        assertThat(kubetron("network", "delete", "cli-red", "--backend", "ovn", "--config", LabBackendConfig.of(lab))
                        .exit())
                .isZero();
        Run gone = kubetron("network", "delete", "cli-red", "--backend", "ovn", "--config", LabBackendConfig.of(lab));
        assertThat(gone.err().strip()).isEqualTo("kubetron: network cli-red does not exist");
    }
}
