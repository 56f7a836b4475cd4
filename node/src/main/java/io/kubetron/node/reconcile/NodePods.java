package io.kubetron.node.reconcile;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The Pods bound to this node, from an informer on {@code spec.nodeName}. The field selector keeps the watch small on
 * a real API server; the same test is applied here too, so that a Pod of another node is never plumbed here even
 * when the selector is off or ignored. Every change hands the Pod's uid on; the handler only
 * queues (informer rule: keep handlers short). Thread-safe.
 */
public final class NodePods implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(NodePods.class);
    private final String nodeName;
    private final SharedIndexInformer<Pod> informer;
    private final Map<String, Pod> byUid = new ConcurrentHashMap<>();

    private NodePods(String nodeName, KubernetesClient client, boolean fieldSelector, Consumer<String> changed) {
        this.nodeName = nodeName;
        var all = client.pods().inAnyNamespace();
        this.informer = (fieldSelector ? all.withField("spec.nodeName", nodeName) : all).runnableInformer(0);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                LOG.debug(
                        "pod added pod={}/{} uid={} node={}",
                        pod.getMetadata().getNamespace(),
                        pod.getMetadata().getName(),
                        pod.getMetadata().getUid(),
                        pod.getSpec() == null ? null : pod.getSpec().getNodeName());
                seen(pod, changed);
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                // the agent's own writes (network-status, its condition) change nothing it acts on: without this
                // filter every plumbing would be followed by a second, useless reconcile of the same Pod
                if (!relevant(old).equals(relevant(pod))) {
                    seen(pod, changed);
                } else {
                    byUid.put(pod.getMetadata().getUid(), pod);
                }
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                String uid = pod.getMetadata().getUid();
                if (uid != null && byUid.remove(uid) != null) {
                    changed.accept(uid);
                }
            }
        });
    }

    /**
     * Starts watching; {@link #synced()} says when the first full list has arrived.
     *
     * @param fieldSelector whether the API server filters on {@code spec.nodeName} (every real one does; fabric8's
     *     mock server answers such a selector with nothing, so tests watch every Pod and rely on the local filter)
     */
    public static NodePods start(
            String nodeName, KubernetesClient client, boolean fieldSelector, Consumer<String> changed) {
        NodePods pods = new NodePods(nodeName, client, fieldSelector, changed);
        pods.informer.run();
        return pods;
    }

    /**
     * What a reconcile depends on: the networksSpec, the node, the phase, deletion, the host network flag, and the
     * kubelet's container states and IPs (which change when it makes a sandbox, so a Pod waiting for its sandbox is
     * looked at again at once rather than at its next poll).
     */
    static String relevant(Pod pod) {
        var m = pod.getMetadata();
        var spec = java.util.Optional.ofNullable(pod.getSpec());
        var status = java.util.Optional.ofNullable(pod.getStatus());
        // absent and empty read the same: a status object appearing with only conditions in it changes nothing
        return String.join(
                "\u0000",
                String.valueOf(
                        m.getAnnotations() == null
                                ? null
                                : m.getAnnotations().get(io.kubetron.model.Annotations.NETWORKS_SPEC)),
                String.valueOf(spec.map(x -> x.getNodeName()).orElse(null)),
                String.valueOf(spec.map(x -> x.getHostNetwork()).orElse(null)),
                String.valueOf(m.getDeletionTimestamp()),
                String.valueOf(status.map(x -> x.getPhase()).orElse(null)),
                String.valueOf(
                        status.map(x -> x.getPodIPs()).filter(l -> !l.isEmpty()).orElse(null)),
                String.valueOf(status.map(x -> x.getContainerStatuses())
                        .filter(l -> !l.isEmpty())
                        .orElse(null)),
                String.valueOf(status.map(x -> x.getInitContainerStatuses())
                        .filter(l -> !l.isEmpty())
                        .orElse(null)));
    }

    private void seen(Pod pod, Consumer<String> changed) {
        String uid = pod.getMetadata().getUid();
        if (uid == null
                || pod.getSpec() == null
                || !nodeName.equals(pod.getSpec().getNodeName())) {
            return;
        }
        byUid.put(uid, pod);
        changed.accept(uid);
    }

    public boolean synced() {
        return informer.hasSynced();
    }

    public Optional<Pod> get(String uid) {
        return Optional.ofNullable(byUid.get(uid));
    }

    public Optional<Pod> find(String namespace, String name) {
        return byUid.values().stream()
                .filter(p -> namespace.equals(p.getMetadata().getNamespace())
                        && name.equals(p.getMetadata().getName()))
                .findFirst();
    }

    /** The Pods now (the cached objects: read, never change them). */
    public List<Pod> all() {
        return List.copyOf(byUid.values());
    }

    @Override
    public void close() {
        informer.stop();
    }
}
