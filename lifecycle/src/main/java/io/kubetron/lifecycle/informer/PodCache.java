package io.kubetron.lifecycle.informer;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kubetron.lifecycle.decision.PodView;
import io.kubetron.lifecycle.pods.PodViews;
import java.util.List;
import java.util.function.Consumer;

/**
 * An informer on every Pod of the cluster: the sweep's snapshot of which Pods exist, and the source of Pod deletion
 * events. The handler only hands the deleted Pod on (informer rule: keep handlers short). Thread-safe.
 */
public final class PodCache implements AutoCloseable {
    private final SharedIndexInformer<Pod> informer;

    private PodCache(SharedIndexInformer<Pod> informer) {
        this.informer = informer;
    }

    /** Starts the informer and waits for its first full list. */
    public static PodCache start(KubernetesClient client, Consumer<PodView> onDeleted) {
        SharedIndexInformer<Pod> informer = client.pods().inAnyNamespace().runnableInformer(0);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                onDeleted.accept(PodViews.of(pod));
            }
        });
        informer.run();
        return new PodCache(informer);
    }

    public boolean synced() {
        return informer.hasSynced();
    }

    /** The Pods in the cache now (the cached objects are read, never changed). */
    public List<PodView> snapshot() {
        return informer.getStore().list().stream().map(PodViews::of).toList();
    }

    @Override
    public void close() {
        informer.stop();
    }
}
