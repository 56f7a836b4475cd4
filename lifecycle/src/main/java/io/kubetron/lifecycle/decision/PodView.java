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
 * @param finished whether the Pod's phase is Succeeded or Failed (terminal: the kubelet never starts it again)
 */
public record PodView(
        String namespace, String name, String uid, Set<String> portIds, boolean hasNetworksSpec, boolean finished) {
    public PodView {
        portIds = Set.copyOf(portIds);
    }

    /** A Pod that has not finished. */
    public PodView(String namespace, String name, String uid, Set<String> portIds, boolean hasNetworksSpec) {
        this(namespace, name, uid, portIds, hasNetworksSpec, false);
    }

    /** {@code namespace/name}. */
    public String display() {
        return namespace + "/" + name;
    }
}
