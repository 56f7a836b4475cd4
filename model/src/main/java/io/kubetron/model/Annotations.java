package io.kubetron.model;

/** The Pod annotation keys of Kubetron's user-facing contract (unchanged from the original project). */
public final class Annotations {
    /** Resource namespace and annotation prefix. */
    public static final String DOMAIN = "kubetron.network.kubevirt.io";
    /** What the user asks for: a comma-separated list of network names. */
    public static final String NETWORKS = DOMAIN + "/networks";
    /** What Kubetron recorded: JSON object keyed by network name, see {@link NetworksSpec}. */
    public static final String NETWORKS_SPEC = DOMAIN + "/networksSpec";

    private Annotations() {}
}
