package io.kubetron.demo.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.kubetron.backend.BackendPort;
import io.kubetron.backend.Network;
import io.kubetron.backend.NetworkSpec;
import io.kubetron.backend.OwnerFilter;
import io.kubetron.emulation.apiserver.GracefulDeletion;
import io.kubetron.emulation.sandbox.Sandbox;
import io.kubetron.lab.Lab;
import io.kubetron.model.Annotations;
import io.kubetron.model.NetworksSpec;
import io.kubetron.testkit.LabExtension;
import io.kubetron.webhook.AdmissionSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a current cluster does to Pods with networks, through the emulated cluster with the real webhook, lifecycle
 * controller and node agent on the real OVN lab: quotas and LimitRanges enforced after the webhook, Pods refused
 * there (their ports must not outlive the refusal by more than about 30 s, however often a controller retries),
 * graceful and forced deletion, and a Job's Pod that must complete.
 */
@ExtendWith(LabExtension.class)
@EnableKubernetesMockClient(crud = true, https = false)
class ClusterBehaviourIT {
    static KubernetesClient client;

    @TempDir
    Path dir;

    private EmulatedCluster cluster;
    private Network red;

    @BeforeEach
    void setUp(Lab lab) throws Exception {
        java.util.logging.Logger.getLogger("io.fabric8").setLevel(java.util.logging.Level.WARNING);
        cluster = new EmulatedCluster(lab, client, dir, AdmissionSettings.defaults());
        String suffix = Long.toHexString(System.nanoTime() & 0xffff);
        red = cluster.backend.createNetwork(new NetworkSpec(
                "cb-red-" + suffix, new NetworkSpec.SubnetSpec("10.91.0.0/24", null, List.of()), null, null));
    }

    @AfterEach
    void tearDown() {
        for (BackendPort p : cluster.backend.listOwnedPorts(OwnerFilter.ALL)) {
            cluster.backend.deletePort(p.id());
        }
        cluster.backend.deleteNetwork(red.id());
        cluster.close();
        client.pods().inAnyNamespace().delete();
    }

    private Pod pod(String namespace, String name, String restartPolicy, String appCpuLimit) {
        return new PodBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .addToAnnotations(Annotations.NETWORKS, red.name())
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy(restartPolicy)
                .addNewContainer()
                .withName("app")
                .withImage(EmulatedCluster.appImage())
                .withNewResources()
                .addToLimits("cpu", new Quantity(appCpuLimit))
                .addToLimits("memory", new Quantity("64Mi"))
                .endResources()
                .endContainer()
                .endSpec()
                .build();
    }

    private static Set<String> portIds(Pod pod) {
        Set<String> ids = new HashSet<>();
        NetworksSpec.parse(pod.getMetadata().getAnnotations().get(Annotations.NETWORKS_SPEC))
                .ports()
                .values()
                .forEach(p -> ids.add(p.portId()));
        return ids;
    }

    private boolean anyExists(Set<String> ids) {
        return cluster.backend.listOwnedPorts(OwnerFilter.ALL).stream().anyMatch(p -> ids.contains(p.id()));
    }

    private String address(Pod pod) {
        NetworksSpec.Port p = EmulatedCluster.firstPort(pod);
        Sandbox s = cluster.kubelet.sandbox(pod.getMetadata().getUid());
        return s.exec("ip", "-4", "-o", "addr", "show", "dev", p.portName())
                .orThrow()
                .stdout();
    }

    @Test
    void aPodInANamespaceWithAQuotaOnLimitsAndARatioLimitRangeGetsItsNetworks() {
        cluster.namespace("quota");
        client.resourceQuotas()
                .inNamespace("quota")
                .resource(new ResourceQuotaBuilder()
                        .withNewMetadata()
                        .withName("compute")
                        .endMetadata()
                        .withNewSpec()
                        .addToHard("limits.cpu", new Quantity("2"))
                        .addToHard("limits.memory", new Quantity("2Gi"))
                        .addToHard("requests.cpu", new Quantity("2"))
                        .endSpec()
                        .build())
                .create();
        client.limitRanges()
                .inNamespace("quota")
                .resource(new LimitRangeBuilder()
                        .withNewMetadata()
                        .withName("ratio")
                        .endMetadata()
                        .withNewSpec()
                        .addNewLimit()
                        .withType("Container")
                        .addToMaxLimitRequestRatio("cpu", new Quantity("1"))
                        .addToMin("memory", new Quantity("32Mi"))
                        .endLimit()
                        .endSpec()
                        .build())
                .create();
        Pod ready = cluster.runUntilReady(pod("quota", "quota-app", "Always", "100m"));
        NetworksSpec.Port p = EmulatedCluster.firstPort(ready);
        assertThat(address(ready)).contains("inet " + p.fixedIps().getFirst() + "/24");
    }

    @Test
    void portsOfPodsRefusedAfterTheWebhookAreGoneWithinAboutThirtySecondsHoweverOftenTheyAreRetried() throws Exception {
        cluster.namespace("tight");
        client.resourceQuotas()
                .inNamespace("tight")
                .resource(new ResourceQuotaBuilder()
                        .withNewMetadata()
                        .withName("small")
                        .endMetadata()
                        .withNewSpec()
                        .addToHard("limits.cpu", new Quantity("50m"))
                        .endSpec()
                        .build())
                .create();
        // a ReplicaSet retrying a Pod the quota refuses: a new name and new ports on every try
        Map<Set<String>, Long> made = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            Pod p = new PodBuilder(pod("tight", null, "Always", "100m"))
                    .editMetadata()
                    .withName(null)
                    .withGenerateName("web-7d9f-")
                    .endMetadata()
                    .build();
            long t0 = System.nanoTime();
            EmulatedCluster.RefusedAfterWebhooks refused = null;
            try {
                cluster.create(p);
            } catch (EmulatedCluster.RefusedAfterWebhooks e) {
                refused = e;
            }
            assertThat(refused).as("the quota refuses the Pod").isNotNull();
            assertThat(refused.getMessage()).contains("exceeded quota: small");
            Set<String> ids = portIds(refused.mutated);
            assertThat(anyExists(ids))
                    .as("the webhook made the ports before the refusal")
                    .isTrue();
            made.put(ids, t0);
            Thread.sleep(2000);
        }
        List<Double> lifetimes = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    for (var e : made.entrySet()) {
                        if (!anyExists(e.getKey())) {
                            lifetimes.add((System.nanoTime() - e.getValue()) / 1e9);
                        }
                    }
                    made.keySet().removeIf(ids -> !anyExists(ids));
                    return made.isEmpty();
                });
        lifetimes.sort(null);
        System.out.printf(
                "refused Pods' ports: %d tries, lifetime median %.1f s, max %.1f s%n",
                lifetimes.size(), lifetimes.get(lifetimes.size() / 2), lifetimes.getLast());
        assertThat(lifetimes).hasSize(5).allSatisfy(s -> assertThat(s).isLessThan(30.0));
        assertThat(cluster.backend.listOwnedPorts(new OwnerFilter("tight", null)))
                .isEmpty();
    }

    @Test
    void aGracefulDeletionKeepsTheNetworksUntilTheObjectIsGone() throws Exception {
        cluster.namespace("default");
        Pod ready = cluster.runUntilReady(pod("default", "graceful", "Always", "100m"));
        Set<String> ids = portIds(ready);
        Pod deleting = GracefulDeletion.begin(client, ready, 30);
        assertThat(deleting.getMetadata().getDeletionTimestamp()).isNotNull();
        Thread.sleep(3000); // the Pod runs on for its grace period
        assertThat(anyExists(ids)).as("ports during the grace period").isTrue();
        assertThat(address(ready)).as("interface during the grace period").contains("inet ");
        cluster.kubelet.terminate(ready);
        await().atMost(Duration.ofSeconds(20)).until(() -> !anyExists(ids));
        assertThat(cluster.get(ready)).isNull();
    }

    @Test
    void aForcedDeletionReleasesThePortsAtOnce() {
        cluster.namespace("default");
        Pod ready = cluster.runUntilReady(pod("default", "forced", "Always", "100m"));
        Set<String> ids = portIds(ready);
        client.pods()
                .inNamespace("default")
                .withName("forced")
                .withGracePeriod(0)
                .delete();
        cluster.kubelet.stop(ready.getMetadata().getUid());
        await().atMost(Duration.ofSeconds(20)).until(() -> !anyExists(ids));
    }

    /**
     * In init mode (the default) the request container is a native sidecar, first among the init containers: the
     * kubelet starts the application only after its PreStartContainer, which the node agent answers once the
     * interfaces are plumbed. The application's first command sees its interface with its address.
     */
    @Test
    void inInitModeTheApplicationsFirstCommandSeesItsInterfaceWithItsAddress() {
        cluster.namespace("default");
        Pod pod = pod("default", "first-look", "Always", "100m");
        pod.getSpec()
                .getContainers()
                .getFirst()
                .setCommand(
                        List.of(
                                "sh",
                                "-c",
                                "ip -o -4 addr show > /tmp/at-start; trap 'exit 0' TERM; while :; do sleep 3600 & wait $!; done"));
        Pod ready = cluster.runUntilReady(pod);
        assertThat(ready.getSpec().getInitContainers()).hasSize(1);
        NetworksSpec.Port port = EmulatedCluster.firstPort(ready);
        String atStart = cluster.kubelet
                .sandbox(ready.getMetadata().getUid())
                .exec("cat", "/tmp/at-start")
                .orThrow()
                .stdout();
        assertThat(atStart)
                .as("`ip -o -4 addr show` as the application's first command")
                .containsPattern(port.portName() + "\\s+inet "
                        + port.fixedIps().getFirst().replace(".", "\\.") + "/24");
    }

    @Test
    void aJobsPodCompletesAndItsPortsAreReleasedWhileTheObjectStays() {
        cluster.namespace("default");
        Pod ready = cluster.runUntilReady(pod("default", "job-x", "Never", "100m"));
        Set<String> ids = portIds(ready);
        assertThat(cluster.kubelet.exit(ready, "app", 0)).isEqualTo("Succeeded");
        await().atMost(Duration.ofSeconds(20)).until(() -> !anyExists(ids));
        assertThat(cluster.get(ready).getStatus().getPhase()).isEqualTo("Succeeded");
        assertThatThrownBy(() ->
                        cluster.kubelet.sandbox(ready.getMetadata().getUid()).pid())
                .isInstanceOf(NullPointerException.class);
    }
}
