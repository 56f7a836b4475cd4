package io.kubetron.emulation.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubetron.emulation.cri.CriClient;
import io.kubetron.emulation.cri.CriNode;
import io.kubetron.emulation.cri.CriSandbox;
import io.kubetron.emulation.cri.VolumeSources;
import io.kubetron.emulation.scheduler.Scheduler;
import io.kubetron.lab.LabNode;
import io.kubetron.lab.runtime.Containerd;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kubelet of one emulated Kubernetes node on one lab node: the device-plugin and PodResources APIs
 * ({@link KubeletEmulator}), plus what the kubelet does to a Pod here: admit it, allocate its devices, have the node's
 * real container runtime run it over CRI ({@link CriSandbox}: sandbox, then containers in the kubelet's order, each
 * after PreStartContainer), and report Ready when every readiness gate is True. The node agent beside it is the
 * caller's. Thread-safe for the demo's use.
 */
public final class EmulatedKubelet implements AutoCloseable {
    private final LabNode node;
    private final KubernetesClient client;
    private final KubeletEmulator kubelet;
    private final Path devicePluginDir;
    private final Path podResourcesSocket;
    private final CriClient cri;
    private final CriNode criNode;
    private final Map<String, CriSandbox> sandboxes = new ConcurrentHashMap<>();
    private volatile VolumeSources volumeSources = VolumeSources.none();
    private volatile Map<String, String> serviceEnv = Map.of();
    private final Map<String, Map<String, Integer>> exited = new ConcurrentHashMap<>();

    private EmulatedKubelet(
            LabNode node,
            KubernetesClient client,
            KubeletEmulator kubelet,
            Path devicePluginDir,
            Path podResourcesSocket,
            CriClient cri,
            CriNode criNode) {
        this.node = node;
        this.client = client;
        this.kubelet = kubelet;
        this.devicePluginDir = devicePluginDir;
        this.podResourcesSocket = podResourcesSocket;
        this.cri = cri;
        this.criNode = criNode;
    }

    /**
     * Starts the kubelet of {@code node} in front of its running {@code containerd}; its sockets, Pod directories and
     * Pod logs under {@code dir/<node>}.
     */
    public static EmulatedKubelet start(LabNode node, KubernetesClient client, Path dir, Containerd containerd) {
        Path base = dir.resolve(node.name());
        Path plugins = base.resolve("device-plugins");
        Path podResources = base.resolve("pod-resources/kubelet.sock");
        CriNode criNode = new CriNode(
                node.name(),
                containerd.options().kubepods(),
                base.resolve("pods"),
                base.resolve("logs"),
                memoryCapacity());
        return new EmulatedKubelet(
                node,
                client,
                KubeletEmulator.start(plugins, podResources),
                plugins,
                podResources,
                new CriClient(containerd.socket()),
                criNode);
    }

    /**
     * From now on, Pods' configMap, secret and projected volumes come from {@code sources}, and every container gets
     * the variables of the cluster's {@code kubernetes} Service at {@code apiServer} (kubernetes/kubernetes
     * {@code pkg/kubelet/kubelet_pods.go} {@code getServiceEnvVarMap}: the master Service's variables are set
     * whatever {@code enableServiceLinks} says), as in-cluster clients find the API server by them.
     */
    public void connect(VolumeSources sources, java.net.InetSocketAddress apiServer) {
        String host = apiServer.getAddress().getHostAddress();
        int port = apiServer.getPort();
        String tcp = "tcp://" + host + ":" + port;
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KUBERNETES_SERVICE_HOST", host);
        env.put("KUBERNETES_SERVICE_PORT", Integer.toString(port));
        env.put("KUBERNETES_SERVICE_PORT_HTTPS", Integer.toString(port));
        env.put("KUBERNETES_PORT", tcp);
        env.put("KUBERNETES_PORT_" + port + "_TCP", tcp);
        env.put("KUBERNETES_PORT_" + port + "_TCP_PROTO", "tcp");
        env.put("KUBERNETES_PORT_" + port + "_TCP_PORT", Integer.toString(port));
        env.put("KUBERNETES_PORT_" + port + "_TCP_ADDR", host);
        this.volumeSources = sources;
        this.serviceEnv = Map.copyOf(env);
    }

    /** The node's memory as the kubelet's cAdvisor reports it ({@code MemTotal}). */
    private static long memoryCapacity() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream()
                            .filter(l -> l.startsWith("MemTotal:"))
                            .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")))
                            .findFirst()
                            .orElseThrow()
                    * 1024;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where device plugins register (the kubelet's {@code /var/lib/kubelet/device-plugins}). */
    public Path devicePluginDir() {
        return devicePluginDir;
    }

    /** The PodResources socket (the kubelet's {@code /var/lib/kubelet/pod-resources/kubelet.sock}). */
    public Path podResourcesSocket() {
        return podResourcesSocket;
    }

    public String name() {
        return node.name();
    }

    public LabNode labNode() {
        return node;
    }

    /** Waits until the node's device plugins are registered and healthy (the node's capacity is known). */
    public void awaitResources(String resourceNamespace, Duration timeout) {
        kubelet.await(
                resourceNamespace + "/main",
                v -> v.filter(p -> p.connected() && p.allocatable() > 0).isPresent(),
                timeout);
    }

    /** What the scheduler sees: free devices per resource, Pods here. */
    public Scheduler.NodeView view() {
        Map<String, Long> free = new LinkedHashMap<>();
        for (PluginView p : kubelet.plugins().values()) {
            free.put(p.resourceName(), p.allocatable() - kubelet.allocated(p.resourceName()));
        }
        return new Scheduler.NodeView(node.name(), free, sandboxes.size());
    }

    /**
     * The kubelet's work for a Pod bound here: admit (Allocate), sandbox, then each container in start order (init
     * containers first), with PreStartContainer for those holding devices; then phase Running.
     *
     * @throws RuntimeException when a step fails (the Pod's containers would not start)
     */
    public void run(Pod pod, String resourceNamespace) {
        String uid = pod.getMetadata().getUid();
        List<Container> order = new ArrayList<>();
        if (pod.getSpec().getInitContainers() != null) {
            order.addAll(pod.getSpec().getInitContainers());
        }
        order.addAll(pod.getSpec().getContainers());
        List<List<PodAllocation>> perContainer = new ArrayList<>();
        for (Container c : order) {
            List<PodAllocation> mine = new ArrayList<>();
            if (c.getResources() != null && c.getResources().getLimits() != null) {
                for (Map.Entry<String, Quantity> e :
                        c.getResources().getLimits().entrySet()) {
                    if (e.getKey().startsWith(resourceNamespace + "/")) {
                        mine.add(kubelet.admit(
                                uid,
                                pod.getMetadata().getNamespace(),
                                pod.getMetadata().getName(),
                                c.getName(),
                                e.getKey(),
                                Integer.parseInt(e.getValue().getAmount())));
                    }
                }
            }
            perContainer.add(mine);
        }
        Map<String, List<PodAllocation>> byContainer = new java.util.HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            byContainer.put(order.get(i).getName(), perContainer.get(i));
        }
        CriSandbox sandbox;
        try {
            // PreStartContainer: the container is created only once the plugin answered
            sandbox = CriSandbox.run(
                    cri,
                    pod,
                    criNode,
                    volumeSources,
                    serviceEnv,
                    c -> byContainer.get(c.getName()).forEach(kubelet::startContainer));
        } catch (RuntimeException e) {
            kubelet.release(uid);
            throw e;
        }
        sandboxes.put(uid, sandbox);
        client.pods()
                .inNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName())
                .editStatus(p -> new PodBuilder(p)
                        .editOrNewStatus()
                        .withPhase("Running")
                        .withStartTime(Instant.now().toString())
                        .endStatus()
                        .build());
    }

    /** The kubelet's status manager: Ready when every readiness gate's condition is True. True once Ready. */
    public boolean syncReady(String namespace, String name) {
        Pod p = client.pods().inNamespace(namespace).withName(name).get();
        if (p == null) {
            return false;
        }
        boolean ready = p.getSpec().getReadinessGates() == null
                || p.getSpec().getReadinessGates().stream()
                        .allMatch(g -> p.getStatus().getConditions().stream()
                                .anyMatch(c -> c.getType().equals(g.getConditionType())
                                        && c.getStatus().equals("True")));
        List<PodCondition> conditions = new ArrayList<>(p.getStatus().getConditions().stream()
                .filter(c -> !c.getType().equals("Ready"))
                .toList());
        conditions.add(new PodConditionBuilder()
                .withType("Ready")
                .withStatus(ready ? "True" : "False")
                .withLastTransitionTime(Instant.now().toString())
                .build());
        client.pods()
                .inNamespace(namespace)
                .withName(name)
                .editStatus(x -> new PodBuilder(x)
                        .editStatus()
                        .withConditions(conditions)
                        .endStatus()
                        .build());
        return ready;
    }

    /**
     * A regular container of a Pod here exits with {@code code}: the kubelet records it and computes the phase
     * ({@link PodPhases}); when the Pod is then terminal it stops the native sidecars and the sandbox and frees the
     * devices (kubernetes/kubernetes {@code pkg/kubelet/pod_workers.go}: a terminal Pod goes through
     * {@code SyncTerminatingPod}, which kills its containers, and the sandbox is stopped). The object stays, with
     * its phase: only its owner (a Job) or PodGC deletes it.
     *
     * @return the phase written
     */
    public String exit(Pod pod, String container, int code) {
        String uid = pod.getMetadata().getUid();
        CriSandbox s = sandboxes.get(uid);
        if (s != null) {
            s.stopContainer(container);
        }
        Map<String, Integer> codes = exited.computeIfAbsent(uid, k -> new ConcurrentHashMap<>());
        codes.put(container, code);
        String phase = PodPhases.of(pod.getSpec(), codes);
        List<io.fabric8.kubernetes.api.model.ContainerStatus> statuses = new ArrayList<>();
        for (Container c : pod.getSpec().getContainers()) {
            Integer x = codes.get(c.getName());
            statuses.add(new io.fabric8.kubernetes.api.model.ContainerStatusBuilder()
                    .withName(c.getName())
                    .withImage(c.getImage())
                    .withReady(x == null)
                    .withRestartCount(0)
                    .withNewState()
                    .withTerminated(
                            x == null
                                    ? null
                                    : new io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder()
                                            .withExitCode(x)
                                            .withReason(x == 0 ? "Completed" : "Error")
                                            .build())
                    .withRunning(
                            x == null
                                    ? new io.fabric8.kubernetes.api.model.ContainerStateRunningBuilder().build()
                                    : null)
                    .endState()
                    .build());
        }
        client.pods()
                .inNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName())
                .editStatus(p -> new PodBuilder(p)
                        .editOrNewStatus()
                        .withPhase(phase)
                        .withContainerStatuses(statuses)
                        .endStatus()
                        .build());
        if (phase.equals("Succeeded") || phase.equals("Failed")) {
            stop(uid);
        }
        return phase;
    }

    /**
     * The kubelet's part of a graceful deletion (the API server has set {@code deletionTimestamp}): it stops the
     * containers and the sandbox, then deletes the object for good with grace period 0, which is what removes it
     * from the API (kubernetes/kubernetes {@code pkg/kubelet/status/status_manager.go} {@code syncPod}: once
     * {@code canBeDeleted}, a Delete with {@code GracePeriodSeconds: 0} and a UID precondition).
     */
    public void terminate(Pod pod) {
        stop(pod.getMetadata().getUid());
        io.kubetron.emulation.apiserver.GracefulDeletion.finish(client, pod);
    }

    /** The Pod's sandbox here (to look inside, as kubectl exec would), null if none. */
    public CriSandbox sandbox(String uid) {
        return sandboxes.get(uid);
    }

    /** The ids of the sandboxes the node's runtime has ({@code crictl pods -q}). */
    public List<String> runtimeSandboxes() {
        return cri.sandboxes();
    }

    /** The kubelet's part of a deletion: the sandbox goes, the devices are freed. */
    public void stop(String uid) {
        exited.remove(uid);
        CriSandbox s = sandboxes.remove(uid);
        if (s != null) {
            s.close();
        }
        kubelet.release(uid);
    }

    @Override
    public void close() {
        for (String uid : List.copyOf(sandboxes.keySet())) {
            stop(uid);
        }
        kubelet.close();
        cri.close();
    }
}
