package io.kubetron.lifecycle.pods;

import io.kubetron.lifecycle.decision.PodView;
import java.util.List;
import java.util.Optional;

/**
 * Reads Pods from the API server itself, never from a cache: the last check before a port is deleted, because an
 * informer's cache can lag behind a Pod that was just created.
 */
public interface LivePods {
    /** The Pod with this name, if it exists now. */
    Optional<PodView> get(String namespace, String name);

    /** Every Pod of the namespace now (for owners known only by generateName). */
    List<PodView> list(String namespace);

    /** Every Pod of the cluster now. */
    List<PodView> listAll();
}
