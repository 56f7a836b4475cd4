package io.kubetron.emulation.apiserver;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The API server's first step of a Pod deletion with a grace period, which fabric8's mock server does not make: the
 * object is not removed but gets {@code deletionTimestamp} (now + grace) and {@code deletionGracePeriodSeconds}
 * (k8s.io/apiserver {@code pkg/registry/generic/registry/store.go} {@code Delete} ->
 * {@code updateForGracefulDeletionAndFinalizers}; {@code pkg/registry/core/pod/strategy.go}
 * {@code CheckGracefulDelete}: the Pod's {@code terminationGracePeriodSeconds} unless the request says otherwise).
 * The Pod runs on until its kubelet has stopped it and deletes the object with grace period 0. An eviction
 * ({@code pods/eviction}, {@code pkg/registry/core/pod/storage/eviction.go}) ends in the same deletion, without the
 * Pod DELETE admission a plain delete goes through.
 *
 * <p>fabric8's CRUD dispatcher keeps an object that has finalizers on DELETE, setting its {@code deletionTimestamp},
 * and removes it once the last finalizer is gone; so the emulation holds the object with a finalizer of its own
 * ({@value #HOLD}) for the grace period, and {@link #finish} is the kubelet's final delete.
 */
public final class GracefulDeletion {
    private GracefulDeletion() {}

    /** The emulation's finalizer standing for "the kubelet has not confirmed the Pod stopped yet". */
    public static final String HOLD = "emulation.kubetron.io/awaiting-kubelet";

    /** Marks the Pod as being deleted (the object stays, with {@code deletionTimestamp}); returns it. */
    public static Pod begin(KubernetesClient client, Pod pod, long graceSeconds) {
        var one = client.pods()
                .inNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName());
        one.edit(p -> new PodBuilder(p)
                .editMetadata()
                .addToFinalizers(HOLD)
                .endMetadata()
                .build());
        one.withGracePeriod(graceSeconds).delete();
        return one.get();
    }

    /** The kubelet's final delete: the object goes (the emulation's finalizer removed). */
    public static void finish(KubernetesClient client, Pod pod) {
        var one = client.pods()
                .inNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName());
        Pod now = one.get();
        if (now == null) {
            return;
        }
        if (now.getMetadata().getFinalizers() != null
                && now.getMetadata().getFinalizers().contains(HOLD)) {
            one.edit(p -> new PodBuilder(p)
                    .editMetadata()
                    .removeFromFinalizers(HOLD)
                    .endMetadata()
                    .build());
        }
        if (one.get() != null) {
            one.withGracePeriod(0).delete();
        }
    }
}
