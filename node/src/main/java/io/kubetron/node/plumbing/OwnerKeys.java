package io.kubetron.node.plumbing;

/**
 * The {@code external_ids} keys on the OVS Interface rows the agent makes. The owner keys are the backend's
 * ({@code kubetron:*}), so one query finds a Pod's ports and interfaces alike; the other keys are those OVN and
 * every CMS write ({@code iface-id}, {@code attached-mac}, {@code iface-status}).
 */
public final class OwnerKeys {
    public static final String IFACE_ID = "iface-id";
    public static final String ATTACHED_MAC = "attached-mac";
    public static final String IFACE_STATUS = "iface-status";
    public static final String CREATOR = "kubetron:creator";
    /** The creator value: the node agent (the backend's ports carry {@code kubetron}). */
    public static final String CREATOR_NODE = "kubetron-node";

    public static final String NAMESPACE = "kubetron:pod-namespace";
    public static final String POD = "kubetron:pod-name";
    public static final String POD_UID = "kubetron:pod-uid";
    public static final String NETWORK = "kubetron:network";
    public static final String PORT_NAME = "kubetron:port-name";

    private OwnerKeys() {}
}
