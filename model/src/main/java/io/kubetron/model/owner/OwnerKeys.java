package io.kubetron.model.owner;

/**
 * The {@code external_ids} keys of Kubetron's owner tags, defined once (as ovn-kubernetes defines its owner keys in
 * one file): the OVN backend writes them on Logical_Switch_Port and Logical_Switch rows, the node agent on the OVS
 * Interface rows it makes, so one query finds a Pod's ports and interfaces alike. Prefixed like Neutron's
 * {@code neutron:*} so tools can tell whose row is whose. {@link PortOwner#tags()} and {@link PortOwner#fromTags}
 * write and read the owner's part.
 */
public final class OwnerKeys {
    /** Who made the row: {@value #BACKEND_CREATOR} or {@value #NODE_CREATOR}. */
    public static final String CREATOR = "kubetron:creator";
    /** The Kubetron network the row belongs to. */
    public static final String NETWORK = "kubetron:network";
    /** The port's name, also the interface name inside the Pod. */
    public static final String PORT_NAME = "kubetron:port-name";

    /**
     * On a backend network Kubetron created for a {@code Network} object: that object's uid, so that "created for
     * this object" survives restarts (and a same-named network made otherwise is not taken over).
     */
    public static final String NETWORK_OBJECT_UID = "kubetron:network-object-uid";

    public static final String NAMESPACE = "kubetron:pod-namespace";
    public static final String POD_NAME = "kubetron:pod-name";
    public static final String GENERATE_NAME = "kubetron:pod-generate-name";
    public static final String POD_UID = "kubetron:pod-uid";
    public static final String REQUEST_UID = "kubetron:request-uid";

    /**
     * The {@link #CREATOR} value on what Kubetron makes in the backend (ports and networks), also the Neutron
     * {@code device_owner} of its ports and the magic of {@link OwnerText}.
     */
    public static final String BACKEND_CREATOR = "kubetron";
    /** The {@link #CREATOR} value on the OVS interfaces the node agent makes. */
    public static final String NODE_CREATOR = "kubetron-node";

    private OwnerKeys() {}
}
