package io.kubetron.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.kubetron.lifecycle.Leadership;
import io.kubetron.lifecycle.LifecycleSettings;
import io.kubetron.lifecycle.metrics.LifecycleMetrics;
import io.kubetron.lifecycle.network.NetworkController;
import io.kubetron.lifecycle.pods.ApiPods;
import io.kubetron.lifecycle.pods.PodCache;
import io.kubetron.model.NetworkStatus;
import io.kubetron.model.network.DeclaredNetwork;
import io.kubetron.model.network.Network;
import io.kubetron.model.network.NetworkSpec;
import io.kubetron.node.reconcile.NodePods;
import io.kubetron.node.status.PodStatusWriter;
import io.kubetron.webhook.select.ClusterDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RBAC of deploy/: no wildcards, a comment on every rule, and for the node agent and the lifecycle controller exactly
 * the permissions their code uses. The code's own classes run against fabric8's mock API server; every request it
 * records is mapped to a permission and must be granted by the ServiceAccount's bindings, and every granted permission
 * must have been used.
 */
@EnableKubernetesMockClient(crud = true)
class RbacManifestTest {
    static KubernetesMockServer server;
    static KubernetesClient client;

    @BeforeEach
    void forgetEarlierRequests() throws InterruptedException {
        client.pods().inAnyNamespace().delete();
        drain();
    }

    @Test
    void noRuleUsesAWildcardOrGrantsRbacOrSecrets() {
        List<String> problems = new ArrayList<>();
        for (var o : DeployObjects.all()) {
            List<PolicyRule> rules =
                    o instanceof ClusterRole r ? r.getRules() : o instanceof Role r ? r.getRules() : List.of();
            for (PolicyRule rule : rules) {
                Stream.of(
                                rule.getApiGroups(),
                                rule.getResources(),
                                rule.getVerbs(),
                                rule.getResourceNames(),
                                rule.getNonResourceURLs())
                        .flatMap(List::stream)
                        .filter(v -> v.contains("*"))
                        .forEach(v -> problems.add(o.getClass().getSimpleName() + " " + rule + ": wildcard " + v));
                rule.getVerbs().stream()
                        .filter(Set.of("escalate", "bind", "impersonate")::contains)
                        .forEach(v -> problems.add(rule + ": verb " + v));
                rule.getResources().stream()
                        .filter(r -> r.startsWith("secrets")
                                || r.startsWith("roles")
                                || r.startsWith("clusterroles")
                                || r.contains("bindings"))
                        .forEach(r -> problems.add(rule + ": resource " + r));
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyRuleHasACommentSayingWhyItExists() throws IOException {
        List<String> bare = new ArrayList<>();
        for (Path f : DeployTree.yamlFiles()) {
            List<String> lines = Files.readAllLines(f);
            if (lines.stream().noneMatch(l -> l.matches("kind: (Cluster)?Role"))) {
                continue;
            }
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).matches("\\s*- apiGroups:.*")
                        && (i == 0 || !lines.get(i - 1).strip().startsWith("#"))) {
                    bare.add(DeployTree.root().relativize(f) + ":" + (i + 1));
                }
            }
        }
        assertThat(bare).as("rules without a comment line just above them").isEmpty();
    }

    @Test
    void theNodeAgentIsGrantedExactlyWhatItsCodeCalls() throws Exception {
        Pod pod = client.pods()
                .inNamespace("default")
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName("p")
                        .endMetadata()
                        .withNewSpec()
                        .withNodeName("node-a")
                        .addNewContainer()
                        .withName("c")
                        .withImage("i")
                        .endContainer()
                        .endSpec()
                        .build())
                .create();
        drain();

        List<ApiCall> calls = new ArrayList<>();
        // the informer (NodePods) as the agent runs it, with the spec.nodeName field selector; closed only at the
        // end, because the mock server's event loop stalls for a while when a watch closes
        try (NodePods pods = NodePods.start("node-a", client, true, uid -> {})) {
            Eventually.until(Duration.ofSeconds(10), pods::synced, "the node's Pod list");
            // everything PodStatusWriter writes: annotation, condition (True, then False) and both Events
            PodStatusWriter status = new PodStatusWriter(client, "node-a", Clock.systemUTC());
            status.ready(
                    pod,
                    List.of(new NetworkStatus.Entry("red", "red-abcdefghij", List.of("10.1.0.5"), "0a:58:0a:01:00:05")),
                    "1 network(s) ready",
                    true);
            calls.addAll(drain());
            Pod updated = client.pods().inNamespace("default").withName("p").get();
            drain(); // the test's own read
            status.failed(updated, "plumbing failed");
            calls.addAll(drain());
        }

        Set<String> used = permissions(calls);
        Rbac rbac = new Rbac(
                DeployObjects.all(),
                "kubetron",
                DeployObjects.nodeAgent().getSpec().getTemplate().getSpec().getServiceAccountName());
        assertThat(calls)
                .allSatisfy(c -> assertThat(rbac.allows(c)).as(c.toString()).isTrue());
        assertThat(used).contains("watch core/pods", "patch core/pods", "patch core/pods/status", "create core/events");
        assertThat(rbac.permissions())
                .as("granted to the node agent = used by its code")
                .isEqualTo(used);
    }

    @Test
    void theLifecycleControllerIsGrantedExactlyWhatItsCodeCalls() throws Exception {
        client.pods()
                .inNamespace("default")
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName("p")
                        .endMetadata()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("c")
                        .withImage("i")
                        .endContainer()
                        .endSpec()
                        .build())
                .create();
        drain();
        // leader election as the webhook's Pods run it: the namespace and the Pod name from the Deployment
        LifecycleSettings settings = LifecycleSettings.fromMap(Map.of(
                "KUBETRON_LIFECYCLE_LEASE_NAMESPACE", "kubetron", "KUBETRON_LIFECYCLE_IDENTITY", "kubetron-webhook-0"));
        AtomicBoolean leading = new AtomicBoolean();
        List<ApiCall> calls = new ArrayList<>();
        try (Leadership leadership = new Leadership(client, settings, () -> leading.set(true), () -> {})) {
            leadership.start();
            Eventually.until(Duration.ofSeconds(20), leading::get, "leading");
            // what the leader does: the informer, and the live reads before a deletion
            try (PodCache cache = PodCache.start(client, pod -> {})) {
                Eventually.until(Duration.ofSeconds(10), cache::synced, "the Pod cache");
                ApiPods live = new ApiPods(client);
                live.get("default", "p");
                live.list("default");
                live.listAll();
                calls.addAll(drain());
            }
            calls.addAll(networkControllerCalls());
            calls.addAll(directoryCalls());
        } // closing releases the Lease
        calls.addAll(drain());

        Rbac rbac = new Rbac(
                DeployObjects.all(),
                "kubetron",
                DeployObjects.webhook().getSpec().getTemplate().getSpec().getServiceAccountName());
        assertThat(calls)
                .allSatisfy(c -> assertThat(rbac.allows(c)).as(c.toString()).isTrue());
        Set<String> used = permissions(calls);
        assertThat(used)
                .contains(
                        "watch kubetron.network.kubevirt.io/networks",
                        "patch kubetron.network.kubevirt.io/networks",
                        "update kubetron.network.kubevirt.io/networks/status",
                        "create core/events");
        used.addAll(GRANTED_WITHOUT_A_CALL);
        assertThat(rbac.permissions())
                .as(
                        "granted to the webhook's ServiceAccount = used by the lifecycle code (and the webhook's selection)")
                .isEqualTo(used);
    }

    /**
     * Granted to the webhook's ServiceAccount though no code exercised here calls it: the finalizers subresource, as
     * controllers that set finalizers are granted it (the OwnerReferencesPermissionEnforcement admission plugin
     * checks it); and what the webhook reads to select networks (deploy/webhook/webhook-rbac.yaml).
     */
    private static final Set<String> GRANTED_WITHOUT_A_CALL =
            Set.of("update kubetron.network.kubevirt.io/networks/finalizers");

    /**
     * What the webhook's network directory asks for: its informers' lists and watches, and the read of a namespace
     * its cache does not hold yet.
     */
    private static List<ApiCall> directoryCalls() throws InterruptedException {
        Network blue = Network.named("blue");
        blue.setSpec(NetworkSpec.declaring(new DeclaredNetwork(), new LabelSelector()));
        client.resources(Network.class).resource(blue).create();
        drain(); // the test's own requests
        try (ClusterDirectory d = ClusterDirectory.start(client, Duration.ofSeconds(10))) {
            d.resolve(
                    new io.kubetron.model.selection.AttachmentRequest(
                            "made-just-now", "blue", null, null, List.of(), List.of()),
                    false,
                    "made-just-now");
            Thread.sleep(500); // the watches open
            return drain();
        }
    }

    /**
     * Everything the Network controller does to a declared Network's object through its life: the informer, the
     * finalizer added, the status written, the Events, then the deletion through the finalizer.
     */
    private static List<ApiCall> networkControllerCalls() throws IOException, InterruptedException {
        Path crd = DeployTree.root().resolve("crds/networks.kubetron.network.kubevirt.io-v1.yml");
        try (var in = Files.newInputStream(crd)) {
            client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .resource(client.apiextensions()
                            .v1()
                            .customResourceDefinitions()
                            .load(in)
                            .item())
                    .createOr(c -> c.update());
        }
        Network red = Network.named("red");
        red.setSpec(NetworkSpec.declaring(new DeclaredNetwork(), new LabelSelector()));
        client.resources(Network.class).resource(red).create();
        drain(); // the test's own requests
        List<ApiCall> calls = new ArrayList<>();
        try (NetworkController c = NetworkController.start(
                client,
                new MemoryBackend(),
                "kubetron-webhook-0",
                Duration.ofMinutes(10),
                NetworkController.RETRY,
                new LifecycleMetrics().networks())) {
            Eventually.until(Duration.ofSeconds(10), c::synced, "the Network informer");
            Eventually.until(
                    Duration.ofSeconds(20),
                    () -> {
                        Network n =
                                client.resources(Network.class).withName("red").get();
                        return n.getStatus() != null && n.getStatus().ready();
                    },
                    "the Network's status Ready");
            calls.addAll(drain().stream().filter(RbacManifestTest::notATestRead).toList());
            client.resources(Network.class).withName("red").delete();
            Eventually.until(
                    Duration.ofSeconds(20),
                    () -> client.resources(Network.class).withName("red").get() == null,
                    "the Network gone");
            calls.addAll(drain().stream().filter(RbacManifestTest::notATestRead).toList());
        }
        return calls;
    }

    /** The test's own reads and deletion of the Network (the controller's are made under the same names). */
    private static boolean notATestRead(ApiCall c) {
        return !(c.resource().equals("networks") && c.verb().equals("delete"));
    }

    @Test
    void theCallsAreReadAsRbacDoes() {
        assertThat(ApiCall.of("GET", "/api/v1/pods?fieldSelector=spec.nodeName%3Dn&watch=true&resourceVersion=1"))
                .isEqualTo(new ApiCall("", "pods", "", "", "watch"));
        assertThat(ApiCall.of("PATCH", "/api/v1/namespaces/default/pods/p/status"))
                .isEqualTo(new ApiCall("", "pods/status", "default", "p", "patch"));
        assertThat(ApiCall.of("PUT", "/apis/coordination.k8s.io/v1/namespaces/kubetron/leases/l"))
                .isEqualTo(new ApiCall("coordination.k8s.io", "leases", "kubetron", "l", "update"));
        assertThat(ApiCall.of("GET", "/api/v1/namespaces/default/pods").verb()).isEqualTo("list");
    }

    @Test
    void onlyTheClassesExercisedHereTalkToTheApiServer() throws IOException {
        Set<String> clients = new TreeSet<>();
        for (String module : List.of("node", "lifecycle", "webhook")) {
            Path src = DeployTree.root().resolveSibling(module).resolve("src/main/java");
            try (Stream<Path> files = Files.walk(src)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    if (Files.readString(f).contains("import io.fabric8.kubernetes.client.KubernetesClient;")) {
                        clients.add(f.getFileName().toString().replace(".java", ""));
                    }
                }
            }
        }
        // NodeAgent and LifecycleController only hand their client to the classes above; a new class here is a new
        // caller whose requests these tests do not see: exercise it above, then extend the roles if it needs more
        assertThat(clients)
                .containsExactlyInAnyOrder(
                        "NodeAgent",
                        "NodePods",
                        "PodStatusWriter",
                        "LifecycleController",
                        "Leadership",
                        "PodCache",
                        "ApiPods",
                        "NetworkController",
                        "NetworkApi",
                        "ClusterDirectory");
    }

    private static Set<String> permissions(List<ApiCall> calls) {
        Set<String> out = new TreeSet<>();
        calls.forEach(c -> out.add(c.permission()));
        return out;
    }

    /** The requests recorded since the last drain, in order. */
    private static List<ApiCall> drain() throws InterruptedException {
        List<ApiCall> calls = new ArrayList<>();
        RecordedRequest r;
        while ((r = server.takeRequest(300, TimeUnit.MILLISECONDS)) != null) {
            calls.add(ApiCall.of(r.getMethod(), r.getPath()));
        }
        return calls;
    }
}
