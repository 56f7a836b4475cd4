package io.kubetron.lifecycle.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kubetron.lifecycle.decision.PodView;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * An informer on every Pod of the cluster: the sweep's snapshot of which Pods exist, and the source of the events
 * that release a Pod's ports at once: the object deleted (after its grace period; a graceful DELETE only sets
 * {@code deletionTimestamp} while the Pod still runs) or its phase turned Succeeded/Failed. The handler only hands the
 * Pod on (informer rule: keep handlers short). Thread-safe.
 */
public final class PodCache implements AutoCloseable {
    private final SharedIndexInformer<Pod> informer;
    /**
     * Views by Pod uid, reused while the Pod's resourceVersion is unchanged: parsing every networksSpec again was half
     * of a sweep's time with 10,000 Pods (lifecycle/bench/RESULTS.md).
     */
    private final Map<String, Seen> views = new ConcurrentHashMap<>();

    private record Seen(String resourceVersion, PodView view) {}

    private PodCache(SharedIndexInformer<Pod> informer) {
        this.informer = informer;
    }

    /**
     * Starts the informer and waits for its first full list.
     *
     * @param onReleased a Pod whose ports are no longer needed: deleted, or just finished
     */
    public static PodCache start(KubernetesClient client, Consumer<PodView> onReleased) {
        SharedIndexInformer<Pod> informer = client.pods().inAnyNamespace().runnableInformer(0);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {}

            @Override
            public void onUpdate(Pod old, Pod pod) {
                if (PodViews.finished(pod) && !PodViews.finished(old)) {
                    onReleased.accept(PodViews.of(pod));
                }
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                onReleased.accept(PodViews.of(pod));
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
        List<Pod> pods = informer.getStore().list();
        List<PodView> out = new ArrayList<>(pods.size());
        Set<String> uids = new HashSet<>(pods.size() * 2);
        for (Pod pod : pods) {
            String uid = pod.getMetadata().getUid();
            String version = pod.getMetadata().getResourceVersion();
            if (uid == null || version == null) {
                out.add(PodViews.of(pod));
                continue;
            }
            uids.add(uid);
            Seen seen = views.get(uid);
            if (seen == null || !seen.resourceVersion().equals(version)) {
                seen = new Seen(version, PodViews.of(pod));
                views.put(uid, seen);
            }
            out.add(seen.view());
        }
        views.keySet().retainAll(uids);
        return out;
    }

    @Override
    public void close() {
        informer.stop();
    }
}
