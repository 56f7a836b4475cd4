package io.kubetron.model;

/**
 * The Pod annotation keys of Kubetron's user-facing contract (unchanged from the original project), and the Network
 * Plumbing WG's annotation the node agent writes. No other module spells them.
 */
public final class Annotations {
    /** Resource namespace and annotation prefix. */
    public static final String DOMAIN = "kubetron.network.kubevirt.io";
    /** What the user asks for: a comma-separated list of network names. */
    public static final String NETWORKS = DOMAIN + "/networks";
    /** What Kubetron recorded: JSON object keyed by network name, see {@link NetworksSpec}. */
    public static final String NETWORKS_SPEC = DOMAIN + "/networksSpec";
    /**
     * What the node agent plugged, in the Network Plumbing WG's multi-network format (see {@link NetworkStatus}), so
     * tools that read Multus's annotation read Kubetron's interfaces too.
     */
    public static final String NETWORK_STATUS = "k8s.v1.cni.cncf.io/network-status";

    private Annotations() {}
}
