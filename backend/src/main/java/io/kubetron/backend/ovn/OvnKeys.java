package io.kubetron.backend.ovn;

/**
 * The {@code external_ids} keys Kubetron writes on OVN Northbound rows. Prefixed like Neutron's {@code neutron:*}
 * so tools can tell whose row is whose.
 */
final class OvnKeys {
    static final String CREATOR = "kubetron:creator";
    static final String NETWORK = "kubetron:network";
    static final String PHYSNET = "kubetron:physnet";
    static final String VLAN = "kubetron:vlan";
    /** Bumped by every port allocation on a switch: the compare-and-swap that keeps concurrent allocators apart. */
    static final String ALLOC_VERSION = "kubetron:alloc-version";

    static final String NAMESPACE = "kubetron:pod-namespace";
    static final String POD = "kubetron:pod-name";
    static final String GENERATE_NAME = "kubetron:pod-generate-name";
    static final String POD_UID = "kubetron:pod-uid";
    static final String REQUEST_UID = "kubetron:request-uid";
    static final String PORT_NAME = "kubetron:port-name";

    private OvnKeys() {}
}
