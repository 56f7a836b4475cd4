package io.kubetron.model;

/**
 * The Pod condition types of Kubetron's contract. The webhook names them as readiness gates; the node agent sets
 * them in the Pod's status. Both sides read the names from here so they cannot drift apart.
 */
public final class PodConditions {
    /**
     * True once every network of the Pod is plugged into it. The webhook adds it to {@code spec.readinessGates} of
     * every Pod it gives networks, so such a Pod becomes Ready only when its networks are (the original's Pods were
     * Ready before their interfaces existed); the node agent sets it in {@code status.conditions}.
     */
    public static final String NETWORKS_READY = Annotations.DOMAIN + "/networks-ready";

    private PodConditions() {}
}
