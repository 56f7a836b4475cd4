package io.kubetron.cli.gc;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.kubetron.backend.BackendPort;
import io.kubetron.backend.Network;
import io.kubetron.backend.NetworkBackend;
import io.kubetron.backend.NetworkSpec;
import io.kubetron.backend.OwnerFilter;
import io.kubetron.backend.PortRequest;
import io.kubetron.backend.config.BackendSettings;
import io.kubetron.backend.config.Backends;
import io.kubetron.cli.Main;
import io.kubetron.cli.network.LabBackendConfig;
import io.kubetron.lab.Lab;
import io.kubetron.model.Annotations;
import io.kubetron.model.NetworksSpec;
import io.kubetron.model.owner.PortOwner;
import io.kubetron.testkit.LabExtension;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code kubetron gc} against the lab's OVN and fabric8's mock API server (reached through {@code --kubeconfig}):
 * an orphan made by hand is listed with its reason by {@code --dry-run}, then deleted; a living Pod's port stays.
 */
@ExtendWith(LabExtension.class)
@EnableKubernetesMockClient(crud = true, https = false)
class GcCommandIT {
    static KubernetesClient client;
    static KubernetesMockServer server;

    private record Run(int exit, String out, String err) {}

    private static Run kubetron(String... args) {
        return kubetron(new StringWriter(), args);
    }

    /** With the error stream given, so a test can watch it while the command runs. */
    private static Run kubetron(StringWriter err, String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int rc = cl.execute(args);
        return new Run(rc, out.toString(), err.toString());
    }

    private static Path kubeconfig(Path dir) throws IOException {
        String url = client.getMasterUrl().toString();
        return Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster: {server: "%s"}
                users:
                - name: nobody
                  user: {}
                contexts:
                - name: mock
                  context: {cluster: mock, user: nobody, namespace: default}
                current-context: mock
                """.formatted(url));
    }

    @Test
    void dryRunListsAHandMadeOrphanWithItsReasonAndGcDeletesIt(Lab lab, @TempDir Path dir) throws IOException {
        try (NetworkBackend b = Backends.open(BackendSettings.fromMap(
                Map.of("KUBETRON_OVN_NB", lab.endpoints().nb()), "ovn"))) {
            Network net = b.createNetwork(
                    new NetworkSpec("gc-red", new NetworkSpec.SubnetSpec("10.62.0.0/24", null, List.of()), null, null));
            // by hand: Kubetron's owner tags, no Pod anywhere
            BackendPort orphan = b.createPort(new PortRequest(
                    net, "gc-red-orphan", new PortOwner("team-a", "web-1", null, null, "req-by-hand"), null, null));
            BackendPort living = b.createPort(new PortRequest(
                    net, "gc-red-living", new PortOwner("team-a", "api-0", null, null, "req-api"), null, null));
            client.pods()
                    .inNamespace("team-a")
                    .resource(new PodBuilder()
                            .withNewMetadata()
                            .withName("api-0")
                            .withNamespace("team-a")
                            .withUid("3f1c0b8e-0000-4000-8000-000000000001")
                            .addToAnnotations(
                                    Annotations.NETWORKS_SPEC,
                                    NetworksSpec.of(Map.of(
                                                    "gc-red",
                                                    new NetworksSpec.Port(
                                                            living.name(),
                                                            living.id(),
                                                            living.macAddress(),
                                                            living.fixedIps())))
                                            .toJson())
                            .endMetadata()
                            .withNewSpec()
                            .addNewContainer()
                            .withName("app")
                            .withImage("busybox")
                            .endContainer()
                            .endSpec()
                            .build())
                    .create();
            String[] common = {
                "--kubeconfig",
                kubeconfig(dir).toString(),
                "--backend",
                "ovn",
                "--config",
                LabBackendConfig.of(lab),
                "--grace",
                "0s"
            };
            try {
                Run dry = kubetron(concat(new String[] {"gc", "--dry-run"}, common));
                System.out.println("$ kubetron gc --dry-run --grace 0s ...\n" + dry.out() + dry.err());
                assertThat(dry.exit()).as(dry.err()).isZero();
                assertThat(dry.out())
                        .containsPattern("would-delete\\s+no_pod\\s+team-a/web-1\\s+gc-red\\s+gc-red-orphan\\s+"
                                + orphan.id() + "\\s+no Pod team-a/web-1 for 0s")
                        .doesNotContain(living.id())
                        .contains("2 owned port(s), 1 Pod(s): 1 orphan(s) would be deleted (dry run)");
                assertThat(ids(b)).containsExactlyInAnyOrder(orphan.id(), living.id());

                Run real = kubetron(concat(new String[] {"gc", "-o", "json"}, common));
                System.out.println("$ kubetron gc -o json --grace 0s ...\n" + real.out() + real.err());
                assertThat(real.exit()).as(real.err()).isZero();
                assertThat(real.out())
                        .contains("\"id\" : \"" + orphan.id() + "\"")
                        .contains("\"reason\" : \"no_pod\"")
                        .contains("\"action\" : \"deleted\"")
                        .doesNotContain(living.id());
                assertThat(ids(b)).containsExactly(living.id());
            } finally {
                b.listOwnedPorts(OwnerFilter.ALL).forEach(p -> b.deletePort(p.id()));
                b.deleteNetwork("gc-red");
            }
        }
    }

    @Test
    void aPortCreatedDuringTheGracePeriodIsKeptAsAnAdmissionMayBeInFlight(Lab lab, @TempDir Path dir) throws Exception {
        try (NetworkBackend b = Backends.open(BackendSettings.fromMap(
                Map.of("KUBETRON_OVN_NB", lab.endpoints().nb()), "ovn"))) {
            Network net = b.createNetwork(new NetworkSpec("gc-blue", null, null, null));
            try {
                BackendPort old = b.createPort(new PortRequest(
                        net, "gc-blue-old", new PortOwner("team-b", "web-8", null, null, "r8"), null, null));
                String config = kubeconfig(dir).toString();
                StringWriter err = new StringWriter();
                var run = java.util.concurrent.CompletableFuture.supplyAsync(() -> kubetron(
                        err,
                        "gc",
                        "--dry-run",
                        "--grace",
                        "4s",
                        "--kubeconfig",
                        config,
                        "--backend",
                        "ovn",
                        "--config",
                        LabBackendConfig.of(lab)));
                // gc has listed the ports once it says it is waiting: only then does the "fresh" port come along
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (!err.toString().contains("waiting 4s") && System.nanoTime() < deadline && !run.isDone()) {
                    Thread.sleep(20);
                }
                BackendPort fresh = b.createPort(new PortRequest(
                        net, "gc-blue-new", new PortOwner("team-b", "web-9", null, null, "r9"), null, null));
                Run dry = run.get();
                assertThat(dry.exit()).as(dry.err()).isZero();
                assertThat(dry.err()).contains("waiting 4s");
                assertThat(dry.out())
                        .contains(old.id())
                        .doesNotContain(fresh.id())
                        .contains("1 orphan(s) would be deleted (dry run), 1 kept within the grace period");
            } finally {
                b.listOwnedPorts(OwnerFilter.ALL).forEach(p -> b.deletePort(p.id()));
                b.deleteNetwork("gc-blue");
            }
        }
    }

    private static List<String> ids(NetworkBackend b) {
        return b.listOwnedPorts(OwnerFilter.ALL).stream().map(BackendPort::id).toList();
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
