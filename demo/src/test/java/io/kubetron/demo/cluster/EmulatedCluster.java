package io.kubetron.demo.cluster;

import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubetron.backend.NetworkBackend;
import io.kubetron.backend.config.BackendSettings;
import io.kubetron.backend.config.Backends;
import io.kubetron.cli.WebhookCommand;
import io.kubetron.common.retry.Wait;
import io.kubetron.common.tls.TlsContexts;
import io.kubetron.demo.ClusterParts;
import io.kubetron.demo.NodeImages;
import io.kubetron.emulation.apiserver.AdmissionChain;
import io.kubetron.emulation.apiserver.EmulatedApiServer;
import io.kubetron.emulation.apiserver.QuotaAdmission;
import io.kubetron.emulation.apiserver.UserInfo;
import io.kubetron.emulation.kubelet.EmulatedKubelet;
import io.kubetron.lab.FileTrees;
import io.kubetron.lab.Lab;
import io.kubetron.lab.LabNode;
import io.kubetron.lab.Pki;
import io.kubetron.lab.runtime.Containerd;
import io.kubetron.lifecycle.LifecycleController;
import io.kubetron.model.Annotations;
import io.kubetron.model.NetworksSpec;
import io.kubetron.node.agent.NodeAgent;
import io.kubetron.node.agent.NodeAgentSettings;
import io.kubetron.webhook.AdmissionSettings;
import io.kubetron.webhook.Webhook;
import io.kubetron.webhook.select.ClusterDirectory;
import io.kubetron.webhook.select.NetworkDirectory;
import io.kubetron.webhook.server.ServerSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One emulated Kubernetes node around the real Kubetron parts, for the scenarios of a current cluster: the real
 * webhook (HTTPS, called through the shipped MutatingWebhookConfiguration), the real lifecycle controller beside it
 * (as {@code kubetron webhook} runs it), the admission plugins that run after the mutating webhooks
 * ({@link QuotaAdmission}), the emulated kubelet in front of a real containerd (Pods are real sandboxes: the injected
 * container runs the hold image, the tests' applications {@link #appImage()}) with the real node agent, on the lab's
 * real OVN. Pods are created
 * as the API server does it: mutating admission, then validating admission, then storage; a refused Pod is never
 * stored.
 */
final class EmulatedCluster implements AutoCloseable {
    /** The node agent's ServiceAccount (deploy/node-agent), whose tokens the policies in deploy/policies check. */
    static final String AGENT_SERVICE_ACCOUNT = "kubetron-node-agent";

    final Lab lab;
    /** What tests, the scheduler and the kubelet call with (a cluster administrator's client on an API server). */
    final KubernetesClient client;

    final NetworkBackend backend;
    final LifecycleController lifecycle;
    final EmulatedKubelet kubelet;
    /** Node 0's container runtime. */
    final Containerd containerd;

    private final Webhook webhook;
    private final AdmissionChain admission;
    private final NodeAgent agent;
    private final KubernetesClient agentClient;
    /** Null on fabric8's plain mock server: then {@link #create} runs admission itself. */
    private final EmulatedApiServer api;

    private final List<AutoCloseable> running = new ArrayList<>();
    private static NodeImages images;

    /** The images, built once for the test JVM. */
    static synchronized NodeImages images() {
        if (images == null) {
            try {
                Path dir = Files.createTempDirectory("kubetron-cluster-images-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> FileTrees.delete(dir)));
                images = NodeImages.build(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return images;
    }

    /** The image the tests' application containers run (busybox: {@code ip}, {@code ping}, a shell). */
    static String appImage() {
        return images().appReference();
    }

    /** On fabric8's mock server in crud mode: every part uses {@code client}, and {@link #create} runs admission. */
    EmulatedCluster(Lab lab, KubernetesClient client, Path dir, AdmissionSettings admissionSettings) throws Exception {
        this(lab, client, client, client, null, dir, admissionSettings, true, false);
    }

    /**
     * On fabric8's mock server, with the webhook resolving names as in a cluster ({@code --networks-from cluster}):
     * Networks and NetworkAttachmentDefinitions, whose namespaceSelector says who may join.
     */
    static EmulatedCluster withNetworkObjects(
            Lab lab, KubernetesClient client, Path dir, AdmissionSettings admissionSettings) throws Exception {
        return new EmulatedCluster(lab, client, client, client, null, dir, admissionSettings, true, true);
    }

    /**
     * On the emulated API server, without the in-process node agent: the test runs the agent as a Pod (its DaemonSet's)
     * through {@link #kubelet}.
     */
    static EmulatedCluster withoutAgent(Lab lab, EmulatedApiServer api, Path dir, AdmissionSettings admissionSettings)
            throws Exception {
        return new EmulatedCluster(
                lab,
                api.admin(),
                serviceAccount(api, lab, "kubetron-webhook", "kubetron-webhook-0"),
                api.admin(),
                api,
                dir,
                admissionSettings,
                false,
                false);
    }

    /**
     * On the emulated API server: every write goes through its admission (the webhook on Pod CREATE, the
     * ValidatingAdmissionPolicies stored in it), and each part calls with its own identity, as in a cluster: the
     * lifecycle controller with the webhook's ServiceAccount token, the node agent with a projected token of its
     * ServiceAccount bound to its Pod on this node ({@code authentication.kubernetes.io/node-name}), tests, the
     * scheduler and the kubelet as an administrator.
     */
    EmulatedCluster(Lab lab, EmulatedApiServer api, Path dir, AdmissionSettings admissionSettings) throws Exception {
        this(
                lab,
                api.admin(),
                serviceAccount(api, lab, "kubetron-webhook", "kubetron-webhook-0"),
                serviceAccount(
                        api,
                        lab,
                        AGENT_SERVICE_ACCOUNT,
                        AGENT_SERVICE_ACCOUNT + "-" + lab.nodes().getFirst().name()),
                api,
                dir,
                admissionSettings,
                true,
                false);
    }

    private static KubernetesClient serviceAccount(EmulatedApiServer api, Lab lab, String account, String pod) {
        String token = account + "-token-" + pod;
        api.register(
                token,
                UserInfo.serviceAccount(
                        "kubetron", account, pod, lab.nodes().getFirst().name()));
        return api.client(token);
    }

    private EmulatedCluster(
            Lab lab,
            KubernetesClient client,
            KubernetesClient lifecycleClient,
            KubernetesClient agentClient,
            EmulatedApiServer api,
            Path dir,
            AdmissionSettings admissionSettings,
            boolean inProcessAgent,
            boolean networkObjects)
            throws Exception {
        this.lab = lab;
        this.client = client;
        this.agentClient = agentClient;
        this.api = api;
        backend = Backends.open(BackendSettings.fromMap(lab.endpoints().variables(lab.config()), "ovn"));
        running.add(backend);
        lifecycle = ClusterParts.lifecycle(lifecycleClient, backend, "kubetron-webhook-0");
        running.add(0, lifecycle);
        Pki pki = Pki.createCa(dir.resolve("pki"), "kubetron-e2e-ca");
        Pki.Identity id = pki.issue("webhook");
        NetworkDirectory directory = NetworkDirectory.BACKEND;
        if (networkObjects) {
            ClusterDirectory d = ClusterDirectory.start(lifecycleClient, Duration.ofSeconds(30));
            running.add(0, d);
            directory = d;
        }
        webhook = Webhook.start(
                backend,
                ClusterParts.admission(admissionSettings, lab),
                ServerSettings.of(new InetSocketAddress("127.0.0.1", 0), id.certificate(), id.privateKey()),
                WebhookCommand.followUp(lifecycle),
                directory);
        running.add(0, webhook);
        MutatingWebhookConfiguration config;
        try (InputStream in =
                EmulatedCluster.class.getResourceAsStream("/deploy/webhook/mutatingwebhookconfiguration.yaml")) {
            config = Serialization.unmarshal(in, MutatingWebhookConfiguration.class);
        }
        admission = new AdmissionChain(
                config,
                URI.create("https://127.0.0.1:" + webhook.address().getPort()),
                TlsContexts.trusting(id.caCertificate()));
        if (api != null) {
            api.mutating(admission);
        }
        LabNode node = lab.nodes().getFirst();
        containerd = images().startRuntime(lab, node, line -> {});
        running.add(0, containerd);
        kubelet = EmulatedKubelet.start(node, client, dir.resolve("nodes"), containerd);
        running.add(0, kubelet);
        if (!inProcessAgent) {
            agent = null;
            return;
        }
        agent = NodeAgent.start(
                NodeAgentSettings.fromMap(
                        ClusterParts.agentSettings(node, kubelet, dir.resolve("agent-state"), 1500, lab.signingKeys())),
                agentClient);
        running.add(0, agent);
        kubelet.awaitResources(Annotations.DOMAIN, Duration.ofSeconds(30));
    }

    void namespace(String name) {
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .addToLabels("kubernetes.io/metadata.name", name)
                        .endMetadata()
                        .build())
                .createOr(x -> x.update());
    }

    /**
     * {@code kubectl create}: the mutating webhooks, then LimitRanger's and ResourceQuota's validation, then storage.
     * On the emulated API server the request goes to it as is, and its admission decides (the webhook, the stored
     * policies; LimitRanger and ResourceQuota are not registered there, so neither exception is thrown).
     *
     * @throws AdmissionChain.DeniedException when a webhook refuses
     * @throws RefusedAfterWebhooks when a plugin after the webhooks refuses (the webhook's ports exist then)
     */
    Pod create(Pod pod) {
        String ns = pod.getMetadata().getNamespace();
        if (api != null) {
            return client.pods().inNamespace(ns).resource(pod).create();
        }
        Pod mutated = admission.create(pod, Map.of("kubernetes.io/metadata.name", ns));
        List<LimitRange> ranges = client.limitRanges().inNamespace(ns).list().getItems();
        List<ResourceQuota> quotas =
                client.resourceQuotas().inNamespace(ns).list().getItems();
        try {
            QuotaAdmission.validate(
                    mutated,
                    ranges,
                    quotas,
                    client.pods().inNamespace(ns).list().getItems());
        } catch (QuotaAdmission.ForbiddenException e) {
            throw new RefusedAfterWebhooks(mutated, e);
        }
        return client.pods().inNamespace(ns).resource(mutated).create();
    }

    /** A Pod the mutating webhooks admitted and a later plugin refused: never stored. */
    static final class RefusedAfterWebhooks extends RuntimeException {
        final transient Pod mutated;

        RefusedAfterWebhooks(Pod mutated, QuotaAdmission.ForbiddenException cause) {
            super(cause.getMessage(), cause);
            this.mutated = mutated;
        }
    }

    /** The scheduler binds the Pod to the node, and the kubelet runs it. */
    Pod run(Pod pod) {
        Pod bound = client.pods()
                .inNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName())
                .edit(x -> new PodBuilder(x)
                        .editSpec()
                        .withNodeName(kubelet.name())
                        .endSpec()
                        .build());
        kubelet.run(bound, Annotations.DOMAIN);
        return get(bound);
    }

    /** The node agent's client: its own credentials on the emulated API server, the shared client otherwise. */
    KubernetesClient agentClient() {
        return agentClient;
    }

    /** The first of the Pod's ports in its networksSpec. */
    static NetworksSpec.Port firstPort(Pod pod) {
        return NetworksSpec.parse(pod.getMetadata().getAnnotations().get(Annotations.NETWORKS_SPEC))
                .ports()
                .values()
                .iterator()
                .next();
    }

    /** {@link #create}, {@link #run}, then until the kubelet reports the Pod Ready (60 s at most); the Pod as stored. */
    Pod runUntilReady(Pod pod) {
        Pod created = create(pod);
        run(created);
        Wait.upTo(Duration.ofSeconds(60))
                .every(Duration.ofMillis(100))
                .until(
                        "Pod " + created.getMetadata().getName() + " Ready",
                        () -> kubelet.syncReady(
                                created.getMetadata().getNamespace(),
                                created.getMetadata().getName()),
                        () -> "its conditions: " + get(created).getStatus().getConditions());
        return get(created);
    }

    Pod get(Pod pod) {
        return client.pods()
                .inNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName())
                .get();
    }

    @Override
    public void close() {
        for (AutoCloseable c : running) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("closing " + c.getClass().getSimpleName() + ": " + e);
            }
        }
    }
}
