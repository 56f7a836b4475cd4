package io.kubetron.cli.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.kubetron.cli.Main;
import io.kubetron.model.network.Network;
import io.kubetron.model.network.NetworkStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code kubetron network --kubeconfig}: a view over Network objects, against fabric8's mock API server. */
@EnableKubernetesMockClient(crud = true)
class NetworkCommandKubeTest {
    static KubernetesClient client;

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {}

    private Run kubetron(String... args) throws IOException {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--kubeconfig";
        all[args.length + 1] = kubeconfig().toString();
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int rc = cl.execute(all);
        return new Run(rc, out.toString(), err.toString());
    }

    private Path kubeconfig() throws IOException {
        return Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster: {server: "%s", insecure-skip-tls-verify: true}
                users:
                - name: nobody
                  user: {}
                contexts:
                - name: mock
                  context: {cluster: mock, user: nobody}
                current-context: mock
                """.formatted(client.getMasterUrl()));
    }

    @AfterEach
    void cleanUp() {
        client.resources(Network.class).delete();
    }

    @Test
    void createMakesADeclaredNetworkObjectWithEveryFlag() throws IOException {
        Run r = kubetron(
                "network",
                "create",
                "red",
                "--subnet",
                "10.1.0.0/24",
                "--gateway",
                "10.1.0.254",
                "--exclude",
                "10.1.0.2-10.1.0.9,10.1.0.100",
                "--dns",
                "10.1.0.53",
                "--mtu",
                "1400",
                "--no-dhcp",
                "--namespace-selector",
                "team=red");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("red\\s+-\\s+false\\s+-\\s+-\\s+-\\s+10.1.0.0/24");
        Network n = client.resources(Network.class).withName("red").get();
        var d = n.getSpec().getDeclare();
        assertThat(d.getSubnets().get(0).getGateway()).isEqualTo("10.1.0.254");
        assertThat(d.getSubnets().get(0).getExcludeRanges()).containsExactly("10.1.0.2-10.1.0.9", "10.1.0.100");
        assertThat(d.getSubnets().get(0).getDnsServers()).containsExactly("10.1.0.53");
        assertThat(d.getMtu()).isEqualTo(1400);
        assertThat(d.dhcpEnabled()).isFalse();
        assertThat(n.namespaceSelector().getMatchLabels()).isEqualTo(Map.of("team", "red"));
        assertThat(n.adopted()).isFalse();
    }

    @Test
    void createAdoptsByNameOrIdAndRefusesDeclaringFlagsWithIt() throws IOException {
        assertThat(kubetron("network", "create", "legacy", "--adopt", "ls-old", "--namespace-selector", "*")
                        .exit())
                .isZero();
        Network byName = client.resources(Network.class).withName("legacy").get();
        assertThat(byName.backendRef()).isEqualTo("ls-old");
        assertThat(byName.namespaceSelector()).isNotNull();
        assertThat(byName.namespaceSelector().getMatchLabels()).isNullOrEmpty();

        assertThat(kubetron("network", "create", "byid", "--adopt", "0d6c8a39-7b4c-4c53-9f2e-3a1b2c3d4e5f")
                        .exit())
                .isZero();
        Network byId = client.resources(Network.class).withName("byid").get();
        assertThat(byId.getSpec().getAdopt().getId()).isEqualTo("0d6c8a39-7b4c-4c53-9f2e-3a1b2c3d4e5f");
        assertThat(byId.namespaceSelector())
                .as("no selector: no namespace may join")
                .isNull();

        Run bad = kubetron("network", "create", "x", "--adopt", "ls-old", "--subnet", "10.1.0.0/24");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("--adopt takes the backend network as it is");
        assertThat(client.resources(Network.class).withName("x").get()).isNull();
    }

    @Test
    void listShowsWhatTheStatusSaysAndDeleteDeletesTheObject() throws IOException {
        assertThat(kubetron("network", "create", "blue", "--subnet", "10.2.0.0/24")
                        .exit())
                .isZero();
        Network n = client.resources(Network.class).withName("blue").get();
        NetworkStatus s = new NetworkStatus();
        s.setBackendName("blue");
        s.setAdopted(false);
        s.setPortsInUse(3);
        s.setFreeAddresses(250L);
        s.setConditions(List.of(new ConditionBuilder()
                .withType("Ready")
                .withStatus("True")
                .withReason("Created")
                .build()));
        n.setStatus(s);
        client.resources(Network.class).resource(n).updateStatus();

        Run list = kubetron("network", "list");
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out())
                .containsPattern("NAME\\s+BACKEND\\s+ADOPTED\\s+READY\\s+PORTS\\s+FREE\\s+SUBNET")
                .containsPattern("blue\\s+blue\\s+false\\s+True\\s+3\\s+250\\s+10.2.0.0/24");
        assertThat(kubetron("network", "list", "-o", "json").out())
                .contains("\"kind\":\"Network\"")
                .contains("\"freeAddresses\":250");

        Run deleted = kubetron("network", "delete", "blue");
        assertThat(deleted.exit()).as(deleted.err()).isZero();
        assertThat(deleted.out()).contains("deleting Network blue");
        assertThat(client.resources(Network.class).withName("blue").get()).isNull();
        Run again = kubetron("network", "delete", "blue");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err().strip()).isEqualTo("kubetron: Network blue does not exist");
    }
}
