package io.kubetron.demo.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kubetron.backend.BackendPort;
import io.kubetron.backend.Network;
import io.kubetron.backend.NetworkSpec;
import io.kubetron.backend.OwnerFilter;
import io.kubetron.emulation.apiserver.EmulatedApiServer;
import io.kubetron.emulation.apiserver.UserInfo;
import io.kubetron.lab.Lab;
import io.kubetron.model.Annotations;
import io.kubetron.model.NetworksSpec;
import io.kubetron.model.PodConditions;
import io.kubetron.testkit.LabExtension;
import io.kubetron.webhook.AdmissionSettings;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Pod gets only the ports made for it, on the emulated cluster with the real webhook, lifecycle controller and node
 * agent on the real OVN lab, the API server enforcing the shipped ValidatingAdmissionPolicies (deploy/policies) with
 * real CEL, and each component calling with its own identity (the agent's token bound to its node). The attacker is
 * a tenant who may create and patch Pods in namespace {@code team-b} and wants the port of {@code team-a}'s Pod.
 */
@ExtendWith(LabExtension.class)
class SecurityIT {
    private static final String TENANT_B = "tenant-b-token";

    @TempDir
    Path dir;

    private EmulatedApiServer api;
    private EmulatedCluster cluster;
    private KubernetesClient admin;
    private KubernetesClient attacker;
    private Network red;
    private Pod victim;

    @BeforeEach
    void setUp(Lab lab) throws Exception {
        java.util.logging.Logger.getLogger("io.fabric8").setLevel(java.util.logging.Level.WARNING);
        api = EmulatedApiServer.start();
        admin = api.admin();
        applyPolicies();
        api.register(TENANT_B, new UserInfo("mallory", "u-b", List.of("system:authenticated"), Map.of()));
        attacker = api.client(TENANT_B);
        cluster = new EmulatedCluster(lab, api, dir, AdmissionSettings.defaults());
        cluster.namespace("team-a");
        cluster.namespace("team-b");
        String suffix = Long.toHexString(System.nanoTime() & 0xffff);
        red = cluster.backend.createNetwork(new NetworkSpec(
                "sec-red-" + suffix, new NetworkSpec.SubnetSpec("10.93.0.0/24", null, List.of()), null, null));
        victim = runUntilReady(pod("team-a", "victim", Map.of(Annotations.NETWORKS, red.name())), admin);
    }

    @AfterEach
    void tearDown() {
        for (BackendPort p : cluster.backend.listOwnedPorts(OwnerFilter.ALL)) {
            cluster.backend.deletePort(p.id());
        }
        cluster.backend.deleteNetwork(red.id());
        cluster.close();
        api.close();
    }

    private void applyPolicies() throws Exception {
        for (String f : List.of("owned-annotations", "unmutated-namespaces", "node-agent-own-node")) {
            try (InputStream in = SecurityIT.class.getResourceAsStream("/deploy/policies/" + f + ".yaml")) {
                for (HasMetadata o : admin.load(in).items()) {
                    admin.resource(o).create();
                }
            }
        }
    }

    private static Pod pod(String namespace, String name, Map<String, String> annotations) {
        return new PodBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .withAnnotations(annotations)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage(EmulatedCluster.appImage())
                .endContainer()
                .endSpec()
                .build();
    }

    private Pod runUntilReady(Pod pod, KubernetesClient as) {
        Pod created = as.pods()
                .inNamespace(pod.getMetadata().getNamespace())
                .resource(pod)
                .create();
        cluster.run(created);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> cluster.kubelet.syncReady(
                        created.getMetadata().getNamespace(),
                        created.getMetadata().getName()));
        return cluster.get(created);
    }

    /** The victim's annotations, as an attacker who can read Pods of team-a (or guessed them) would copy them. */
    private Map<String, String> stolen() {
        return Map.of(
                Annotations.NETWORKS_SPEC,
                victim.getMetadata().getAnnotations().get(Annotations.NETWORKS_SPEC),
                Annotations.NETWORKS_SIGNATURE,
                victim.getMetadata().getAnnotations().get(Annotations.NETWORKS_SIGNATURE));
    }

    private String victimPortId() {
        return NetworksSpec.parse(victim.getMetadata().getAnnotations().get(Annotations.NETWORKS_SPEC))
                .ports()
                .values()
                .iterator()
                .next()
                .portId();
    }

    /** The victim still Ready, and its port still plugged on the node for the victim's interface only. */
    private void victimUntouched() {
        assertThat(cluster.kubelet.syncReady("team-a", "victim")).isTrue();
        String plugged = cluster.lab.vsctl(
                cluster.kubelet.labNode(),
                "--bare",
                "--columns=external_ids",
                "find",
                "Interface",
                "external_ids:iface-id=" + victimPortId());
        assertThat(plugged.lines().filter(l -> !l.isBlank()).count())
                .as("OVS interfaces bound to the victim's port")
                .isEqualTo(1);
        assertThat(plugged).contains(victim.getMetadata().getUid());
    }

    private static void refused(Runnable r, int code, String message) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(KubernetesClientException.class, e -> {
            assertThat(e.getCode()).isEqualTo(code);
            assertThat(e.getMessage()).contains(message);
        });
    }

    /**
     * The victim runs in a real sandbox: its hostname is its name, and the container the webhook injected runs, as the
     * kernel sees it from the node, as nobody, with no capability, no_new_privs, a seccomp filter (RuntimeDefault)
     * and a read-only root.
     */
    @Test
    void aPodIsARealSandboxAndItsInjectedContainerHasNoPrivileges() throws Exception {
        var sandbox = cluster.kubelet.sandbox(victim.getMetadata().getUid());
        assertThat(sandbox.exec("hostname").orThrow().stdout().strip()).isEqualTo("victim");
        String injected = victim.getSpec().getInitContainers().getFirst().getName();
        long pid = sandbox.containerPid(injected);
        String status = java.nio.file.Files.readString(Path.of("/proc/" + pid + "/status"));
        assertThat(ProcStatus.field(status, "Uid")).isEqualTo("65534\t65534\t65534\t65534");
        assertThat(ProcStatus.field(status, "CapEff")).isEqualTo("0000000000000000");
        assertThat(ProcStatus.field(status, "CapPrm")).isEqualTo("0000000000000000");
        assertThat(ProcStatus.field(status, "NoNewPrivs")).isEqualTo("1");
        assertThat(ProcStatus.field(status, "Seccomp")).isEqualTo("2");
        String root = java.nio.file.Files.readAllLines(Path.of("/proc/" + pid + "/mountinfo")).stream()
                .filter(l -> l.split(" ")[4].equals("/"))
                .findFirst()
                .orElseThrow();
        assertThat(root.split(" ")[5])
                .as("mount options of / in the injected container")
                .startsWith("ro");
    }

    @Test
    void aCopiedNetworksSpecIsRefusedAtCreateWithOrWithoutNetworksAndInIgnoredNamespaces() {
        refused(
                () -> attacker.pods()
                        .inNamespace("team-b")
                        .resource(pod("team-b", "thief", stolen()))
                        .create(),
                403,
                "is written by Kubetron only, when a Pod asks for networks");
        Map<String, String> asking = new java.util.HashMap<>(stolen());
        asking.put(Annotations.NETWORKS, red.name());
        refused(
                () -> attacker.pods()
                        .inNamespace("team-b")
                        .resource(pod("team-b", "thief", asking))
                        .create(),
                400,
                "networksSpec");
        // kube-system is never sent to the webhook (its namespaceSelector): only the policy stands in the way there
        refused(
                () -> admin.pods()
                        .inNamespace("kube-system")
                        .resource(pod("kube-system", "thief", asking))
                        .create(),
                403,
                "Kubetron does not attach Pods in namespace kube-system");
        assertThat(admin.pods().inAnyNamespace().list().getItems())
                .extracting(p -> p.getMetadata().getName())
                .containsExactly("victim");
        victimUntouched();
    }

    @Test
    void networksOfARunningPodCannotBePatched() {
        Pod thief = runUntilReady(pod("team-b", "thief", Map.of(Annotations.NETWORKS, red.name())), attacker);
        var mine = attacker.pods().inNamespace("team-b").withName("thief");
        String spec = victim.getMetadata().getAnnotations().get(Annotations.NETWORKS_SPEC);
        refused(
                () -> mine.patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"metadata\":{\"annotations\":{\"" + Annotations.NETWORKS_SPEC + "\":"
                                + io.fabric8.kubernetes.client.utils.Serialization.asJson(spec) + "}}}"),
                422,
                "the networks of a Pod are fixed when it is created");
        refused(
                () -> mine.patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"metadata\":{\"annotations\":{\"" + Annotations.NETWORKS + "\":null}}}"),
                422,
                "the networks of a Pod are fixed when it is created");
        assertThat(cluster.get(thief).getMetadata().getAnnotations())
                .containsEntry(
                        Annotations.NETWORKS_SPEC,
                        thief.getMetadata().getAnnotations().get(Annotations.NETWORKS_SPEC));
        victimUntouched();
    }

    @Test
    void withoutThePoliciesTheAgentRefusesAForgedNetworksSpecAndTheVictimKeepsItsPort() {
        admin.admissionRegistration().v1().validatingAdmissionPolicyBindings().delete();
        Pod thief = attacker.pods()
                .inNamespace("team-b")
                .resource(pod("team-b", "thief", stolen()))
                .create();
        cluster.run(thief);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> condition(cluster.get(thief)) != null
                        && "False".equals(condition(cluster.get(thief)).getStatus())
                        && rejectedEvent("team-b", "thief"));
        // the signature names the victim's Pod, not this one: a mismatch, not a missing key or a broken signature
        assertThat(condition(cluster.get(thief)).getReason()).isEqualTo("SignatureMismatch");
        assertThat(condition(cluster.get(thief)).getMessage()).isNotBlank();
        assertThat(cluster.kubelet
                        .sandbox(cluster.get(thief).getMetadata().getUid())
                        .exec("ip", "-o", "link")
                        .orThrow()
                        .stdout())
                .as("no Kubetron interface in the attacker's Pod")
                .doesNotContain(NetworksSpec.parse(stolen().get(Annotations.NETWORKS_SPEC))
                        .ports()
                        .values()
                        .iterator()
                        .next()
                        .portName());
        victimUntouched();
    }

    @Test
    void anAgentsCredentialsCannotWriteAPodOfAnotherNode() {
        Pod elsewhere = admin.pods()
                .inNamespace("team-a")
                .resource(new PodBuilder(pod("team-a", "elsewhere", Map.of()))
                        .editSpec()
                        .withNodeName("some-other-node")
                        .endSpec()
                        .build())
                .create();
        refused(
                () -> cluster.agentClient()
                        .pods()
                        .inNamespace("team-a")
                        .withName("elsewhere")
                        .patch(
                                PatchContext.of(PatchType.JSON_MERGE),
                                "{\"metadata\":{\"annotations\":{\"" + Annotations.NETWORK_STATUS + "\":\"[]\"}}}"),
                403,
                "may write only Pods bound to that node");
        assertThat(cluster.get(elsewhere).getMetadata().getAnnotations()).doesNotContainKey(Annotations.NETWORK_STATUS);
        // the same credentials wrote the victim's status on their own node: the policy lets the agent do its job
        assertThat(cluster.get(victim).getMetadata().getAnnotations()).containsKey(Annotations.NETWORK_STATUS);
    }

    private static PodCondition condition(Pod p) {
        if (p.getStatus() == null || p.getStatus().getConditions() == null) {
            return null;
        }
        return p.getStatus().getConditions().stream()
                .filter(c -> PodConditions.NETWORKS_READY.equals(c.getType()))
                .findFirst()
                .orElse(null);
    }

    private boolean rejectedEvent(String namespace, String pod) {
        List<Event> events = admin.v1().events().inNamespace(namespace).list().getItems();
        return events.stream()
                .anyMatch(e ->
                        pod.equals(e.getInvolvedObject().getName()) && "NetworksSpecRejected".equals(e.getReason()));
    }
}
