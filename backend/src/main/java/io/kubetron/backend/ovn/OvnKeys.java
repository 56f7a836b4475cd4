package io.kubetron.backend.ovn;

/**
 * The {@code external_ids} keys only the OVN backend writes (on Logical_Switch rows); the owner keys it shares with
 * the node agent are {@link io.kubetron.model.owner.OwnerKeys}.
 */
final class OvnKeys {
    static final String PHYSNET = "kubetron:physnet";
    static final String VLAN = "kubetron:vlan";
    /** The subnet's gateway, also when no DHCP_Options row says it (DHCP off). */
    static final String GATEWAY = "kubetron:gateway";
    /** The MTU asked for, also when no DHCP_Options row says it (DHCP off). */
    static final String MTU = "kubetron:mtu";
    /** {@code false} on a network whose subnet has no DHCP. */
    static final String DHCP = "kubetron:dhcp";
    /** Bumped by every port allocation on a switch: the compare-and-swap that keeps concurrent allocators apart. */
    static final String ALLOC_VERSION = "kubetron:alloc-version";

    private OvnKeys() {}
}
