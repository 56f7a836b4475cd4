package io.kubetron.node.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.kubetron.backend.Network;
import io.kubetron.emulation.kubelet.KubeletEmulator;
import io.kubetron.emulation.kubelet.PodAllocation;
import io.kubetron.emulation.sandbox.ContainerCgroupNamespace;
import io.kubetron.emulation.sandbox.PodSandbox;
import io.kubetron.lab.Lab;
import io.kubetron.model.NetworksSpec;
import io.kubetron.node.status.NetworksReadyCondition;
import io.kubetron.testkit.LabExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node agent as it runs on a current node: a non-privileged container on a cgroup v2 host, so in a private cgroup
 * namespace (it reads other Pods' cgroups as relative paths), beside Pods made by containerd with either of the
 * kubelet's cgroup drivers and by CRI-O without an infra process. Every Pod gets its networks; the process-less one
 * does not hold its first container's start back (the PreStartContainer call answers), and is plumbed when that
 * container's process appears.
 */
@ExtendWith(LabExtension.class)
@EnableKubernetesMockClient(crud = true, https = false)
class ContainerRuntimeLayoutIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    static KubernetesClient client;

    @TempDir
    Path dir;

    private AgentFixture f;
    private ContainerCgroupNamespace container;
    private Process agent;

    @BeforeEach
    void setUp(Lab lab) {
        f = new AgentFixture(lab, client);
        container = ContainerCgroupNamespace.create(lab, "node-agent");
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (agent != null) {
            agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        container.close();
        f.close();
    }

    @Test
    void anAgentInAPrivateCgroupNamespacePlumbsPodsOfBothDriversAndOfASandboxWithoutProcess() throws Exception {
        Network red = f.network("rt-red", "10.88.0.0/24");
        try (KubeletEmulator kubelet =
                KubeletEmulator.start(dir.resolve("device-plugins"), dir.resolve("pod-resources/kubelet.sock"))) {
            Path log = Files.createDirectories(Path.of("target", "it-logs")).resolve("container-runtime-agent.log");
            agent = AgentProcess.start(client.getConfiguration().getMasterUrl(), f.settings(dir), log, container::wrap);
            String main = "kubetron.network.kubevirt.io/main";
            kubelet.await(
                    main,
                    v -> v.filter(p -> p.connected() && !p.devices().isEmpty()).isPresent(),
                    WAIT);
            assertThat(Files.readString(Path.of("/proc", Long.toString(agent.pid()), "cgroup")))
                    .as("the agent runs in the container cgroup")
                    .contains(container.cgroup().getFileName().toString());

            NetworksSpec fsSpec = f.spec("rtfs", red);
            PodSandbox cgroupfs = f.sandbox(
                    "rtf" + f.suffix,
                    f.createPod("rtfs", AgentFixture.NODE, fsSpec),
                    PodSandbox.Options.CONTAINERD_CGROUPFS);
            NetworksSpec sdSpec = f.spec("rtsd", red);
            PodSandbox systemd = f.sandbox(
                    "rts" + f.suffix,
                    f.createPod("rtsd", AgentFixture.NODE, sdSpec),
                    PodSandbox.Options.CONTAINERD_SYSTEMD);

            NetworksSpec crioSpec = f.spec("rtcr", red);
            Pod crioPod = f.createPod("rtcr", AgentFixture.NODE, crioSpec);
            PodSandbox crio = f.sandbox("rtc" + f.suffix, crioPod, PodSandbox.Options.CRIO_WITHOUT_INFRA);
            assertThat(crio.pid()).as("no process before the first container").isEqualTo(-1);
            PodAllocation a = kubelet.admit(crio.uid(), "default", "rtcr", "kubetron-request-sidecart", main, 1);
            // the kubelet's PreStartContainer for the first container: it must answer, or the Pod never starts
            CompletableFuture.runAsync(() -> kubelet.startContainer(a)).get(10, TimeUnit.SECONDS);
            crio.startContainer("kubetron-request-sidecart");

            for (String name : List.of("rtfs", "rtsd", "rtcr")) {
                await().atMost(WAIT)
                        .alias(name + " gets its networks; agent log: " + log)
                        .until(() -> NetworksReadyCondition.of(f.get(name))
                                .filter(c -> c.getStatus().equals("True"))
                                .isPresent());
            }
            assertAddressed(cgroupfs, fsSpec);
            assertAddressed(systemd, sdSpec);
            assertAddressed(crio, crioSpec);
        }
    }

    private static void assertAddressed(PodSandbox s, NetworksSpec spec) {
        NetworksSpec.Port p = spec.ports().values().iterator().next();
        assertThat(s.exec("ip", "-4", "-o", "addr", "show", "dev", p.portName())
                        .orThrow()
                        .stdout())
                .contains("inet " + p.fixedIps().getFirst() + "/24");
    }
}
