package io.kubetron.lifecycle.decision;

import java.util.Set;

/**
 * What the lifecycle controller needs to know about a Pod: who it is, and which ports its
 * {@code networksSpec} annotation lists. Built from the API's Pod by {@code io.kubetron.lifecycle.pods.PodViews}.
 *
 * @param namespace the Pod's namespace
 * @param name the Pod's name (always known once the Pod exists)
 * @param uid the Pod's uid
 * @param portIds the port ids in its networksSpec; empty when it has none
 * @param hasNetworksSpec whether the Pod carries a readable networksSpec annotation at all
 */
public record PodView(String namespace, String name, String uid, Set<String> portIds, boolean hasNetworksSpec) {
    public PodView {
        portIds = Set.copyOf(portIds);
    }

    /** {@code namespace/name}. */
    public String display() {
        return namespace + "/" + name;
    }
}
