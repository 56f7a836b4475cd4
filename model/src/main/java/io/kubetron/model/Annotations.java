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
     * Kubetron's signature of {@link #NETWORKS_SPEC}, written with it at admission: {@code v1.<key id>.<base64url
     * HMAC-SHA256>} over the Pod's namespace, its name (or generateName) and the exact networksSpec text, with a key
     * the webhook and the node agents share ({@code io.kubetron.common.signing.NetworksSignature}). The node agent plugs
     * nothing for a Pod whose signature does not check out.
     */
    public static final String NETWORKS_SIGNATURE = DOMAIN + "/networksSignature";
    /**
     * The annotations only Kubetron writes (its webhook, at admission): a Pod created with any of them was copied from
     * another Pod or forged, and is refused.
     */
    public static final java.util.List<String> WRITTEN_BY_KUBETRON =
            java.util.List.of(NETWORKS_SPEC, NETWORKS_SIGNATURE);
    /**
     * What the node agent plugged, in the Network Plumbing WG's multi-network format (see {@link NetworkStatus}), so
     * tools that read Multus's annotation read Kubetron's interfaces too.
     */
    public static final String NETWORK_STATUS = "k8s.v1.cni.cncf.io/network-status";

    private Annotations() {}
}
