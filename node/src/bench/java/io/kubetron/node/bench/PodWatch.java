package io.kubetron.node.bench;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kubetron.model.PodConditions;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a user sees: an informer of the benchmark's own on the Pods, noting when each Pod's networks-ready condition
 * first says True ({@link System#nanoTime()} at the event). A watch rather than polling, so measuring adds no load.
 * Thread-safe.
 */
final class PodWatch implements AutoCloseable {
    private final Map<String, CompletableFuture<Long>> ready = new ConcurrentHashMap<>();
    private final SharedIndexInformer<Pod> informer;

    PodWatch(KubernetesClient client, String namespace) {
        informer = client.pods()
                .inNamespace(namespace)
                .inform(
                        new ResourceEventHandler<>() {
                            @Override
                            public void onAdd(Pod pod) {
                                seen(pod);
                            }

                            @Override
                            public void onUpdate(Pod old, Pod pod) {
                                seen(pod);
                            }

                            @Override
                            public void onDelete(Pod pod, boolean unknown) {
                                // nothing: a deleted Pod's future stays as it was
                            }
                        },
                        0);
    }

    /** When the Pod named {@code name} was first seen ready; ask before creating it. */
    CompletableFuture<Long> readyAt(String name) {
        return ready.computeIfAbsent(name, k -> new CompletableFuture<>());
    }

    private void seen(Pod pod) {
        long now = System.nanoTime();
        boolean on = pod.getStatus() != null
                && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(
                                c -> PodConditions.NETWORKS_READY.equals(c.getType()) && "True".equals(c.getStatus()));
        if (on) {
            readyAt(pod.getMetadata().getName()).complete(now);
        }
    }

    @Override
    public void close() {
        informer.close();
    }
}
