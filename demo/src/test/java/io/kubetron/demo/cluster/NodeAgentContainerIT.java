package io.kubetron.demo.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubetron.backend.BackendPort;
import io.kubetron.backend.Network;
import io.kubetron.backend.NetworkSpec;
import io.kubetron.backend.OwnerFilter;
import io.kubetron.emulation.apiserver.EmulatedApiServer;
import io.kubetron.emulation.apiserver.TlsFront;
import io.kubetron.emulation.cri.CriSandbox;
import io.kubetron.lab.FileTrees;
import io.kubetron.lab.FreePorts;
import io.kubetron.lab.Lab;
import io.kubetron.lab.LabNode;
import io.kubetron.lab.Pki;
import io.kubetron.lab.image.BuiltImage;
import io.kubetron.lab.image.Images;
import io.kubetron.model.Annotations;
import io.kubetron.model.NetworksSpec;
import io.kubetron.testkit.LabExtension;
import io.kubetron.webhook.AdmissionSettings;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The node agent as a cluster runs it: a container of the product image, from the Pod deploy/node-agent makes, under
 * the real containerd, with exactly the manifests' privileges translated to CRI by the emulated kubelet, talking to
 * the API server over HTTPS with its projected service-account token. With them it plumbs a Pod; with any one of its
 * four capabilities removed, it fails and says which.
 */
@ExtendWith(LabExtension.class)
class NodeAgentContainerIT {
    private static Path images;
    private static BuiltImage product;

    @TempDir
    Path dir;

    private EmulatedApiServer api;
    private TlsFront https;
    private EmulatedCluster cluster;
    private KubernetesClient admin;
    private Network red;
    private LabNode node;
    private CriSandbox agent;

    @BeforeAll
    static void buildProductImage() throws Exception {
        Path jar =
                Path.of("..", "cli", "target", "kubetron.jar").toAbsolutePath().normalize();
        assertThat(jar)
                .as("the product jar (the cli module is packaged before this one)")
                .exists();
        images = Files.createTempDirectory("kubetron-product-image-");
        product = new Images(Images.findSources(), images).product(jar);
    }

    @AfterAll
    static void removeImages() {
        FileTrees.delete(images);
    }

    @BeforeEach
    void setUp(Lab lab) throws Exception {
        java.util.logging.Logger.getLogger("io.fabric8").setLevel(java.util.logging.Level.WARNING);
        node = lab.nodes().getFirst();
        api = EmulatedApiServer.start();
        admin = api.admin();
        Pki pki = Pki.createCa(dir.resolve("cluster-pki"), "kubetron-cluster-ca");
        Pki.Identity apiserver = pki.issue("apiserver");
        URI plain = URI.create(api.url());
        https = TlsFront.start(
                new InetSocketAddress(plain.getHost(), plain.getPort()),
                apiserver.certificate(),
                apiserver.privateKey());
        cluster = EmulatedCluster.withoutAgent(lab, api, dir, AdmissionSettings.defaults());
        cluster.containerd.importImage(product.archive());
        cluster.kubelet.connect(NodeAgentPods.sources(api, admin), https.address());
        cluster.namespace(NodeAgentPods.NAMESPACE);
        cluster.namespace("default");
        NodeAgentPods.objects(admin, lab.signingKeys(), pki.caCertFile());
        String suffix = Long.toHexString(System.nanoTime() & 0xffff);
        red = cluster.backend.createNetwork(new NetworkSpec(
                "ac-red-" + suffix, new NetworkSpec.SubnetSpec("10.94.0.0/24", null, List.of()), null, null));
    }

    @AfterEach
    void tearDown() {
        if (agent != null) {
            // what kubectl logs would show, for a failing run's report
            System.out.println("--- node agent container log ---\n" + agent.logs("node-agent"));
        }
        if (cluster != null) {
            for (BackendPort p : cluster.backend.listOwnedPorts(OwnerFilter.ALL)) {
                cluster.backend.deletePort(p.id());
            }
            if (red != null) {
                cluster.backend.deleteNetwork(red.id());
            }
            cluster.close();
        }
        if (https != null) {
            https.close();
        }
        if (api != null) {
            api.close();
        }
    }

    private Pod agentPod() {
        return NodeAgentPods.forNode(node, cluster.kubelet, product.reference(), FreePorts.next());
    }

    private CriSandbox runAgent(Pod agentPod) {
        Pod stored = admin.pods()
                .inNamespace(NodeAgentPods.NAMESPACE)
                .resource(agentPod)
                .create();
        cluster.run(stored);
        agent = cluster.kubelet.sandbox(stored.getMetadata().getUid());
        return agent;
    }

    private Pod userPod(String name) {
        return cluster.create(new PodBuilder()
                .withNewMetadata()
                .withNamespace("default")
                .withName(name)
                .addToAnnotations(Annotations.NETWORKS, red.name())
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage(EmulatedCluster.appImage())
                .endContainer()
                .endSpec()
                .build());
    }

    @Test
    void theAgentRunsFromTheProductImageWithTheManifestsPrivilegesAndPlumbsAPod() throws Exception {
        runAgent(agentPod());
        cluster.kubelet.awaitResources(Annotations.DOMAIN, Duration.ofSeconds(90));

        Pod created = userPod("plumbed");
        cluster.run(created);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> cluster.kubelet.syncReady(
                        "default", created.getMetadata().getName()));
        Pod ready = cluster.get(created);
        NetworksSpec.Port port = EmulatedCluster.firstPort(ready);
        assertThat(cluster.kubelet
                        .sandbox(ready.getMetadata().getUid())
                        .exec("ip", "-o", "-4", "addr", "show", "dev", port.portName())
                        .orThrow()
                        .stdout())
                .contains("inet " + port.fixedIps().getFirst() + "/24");

        // what the kernel gave the agent's process: root, the four capabilities and nothing else, seccomp on
        String status = Files.readString(Path.of("/proc/" + agent.containerPid("node-agent") + "/status"));
        assertThat(ProcStatus.field(status, "Uid")).startsWith("0\t");
        assertThat(Long.parseLong(ProcStatus.field(status, "CapEff"), 16))
                .as("CapEff: NET_ADMIN (12), SYS_ADMIN (21), SYS_PTRACE (19), NET_RAW (13)")
                .isEqualTo((1L << 12) | (1L << 21) | (1L << 19) | (1L << 13));
        assertThat(ProcStatus.field(status, "Seccomp")).isEqualTo("2");
    }

    /**
     * The manifests carry no capability they do not need: without any one of them the agent cannot plumb a Pod, and
     * what it reports (the Pod's condition and Events, its own log) names the capability.
     */
    @ParameterizedTest
    @ValueSource(strings = {"NET_ADMIN", "SYS_ADMIN", "SYS_PTRACE", "NET_RAW"})
    void withOneCapabilityRemovedTheAgentFailsAndNamesIt(String capability) {
        CriSandbox without = runAgent(NodeAgentPods.without(agentPod(), capability));
        cluster.kubelet.awaitResources(Annotations.DOMAIN, Duration.ofSeconds(90));
        Pod created =
                userPod("needs-" + capability.toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        // the kubelet's start waits in PreStartContainer for the agent, which may never answer: off the test thread
        Thread.ofVirtual().start(() -> {
            try {
                cluster.run(created);
            } catch (RuntimeException e) {
                System.out.println("starting " + created.getMetadata().getName() + ": " + e.getMessage());
            }
        });
        StringBuilder seen = new StringBuilder();
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    seen.setLength(0);
                    seen.append(without.logs("node-agent"));
                    Pod p = cluster.get(created);
                    if (p != null && p.getStatus() != null && p.getStatus().getConditions() != null) {
                        p.getStatus()
                                .getConditions()
                                .forEach(c -> seen.append('\n').append(c.getMessage()));
                    }
                    admin.v1()
                            .events()
                            .inNamespace("default")
                            .list()
                            .getItems()
                            .forEach(e -> seen.append('\n').append(e.getMessage()));
                    return seen.toString().contains("lacks CAP_" + capability);
                });
        System.out.println("without " + capability + ": "
                + seen.toString()
                        .lines()
                        .filter(l -> l.contains("lacks CAP_" + capability))
                        .findFirst()
                        .orElseThrow());
        assertThat(cluster.kubelet.syncReady("default", created.getMetadata().getName()))
                .as("the Pod's networks are not ready without " + capability)
                .isFalse();
    }
}
