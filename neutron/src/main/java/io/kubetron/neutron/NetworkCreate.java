package io.kubetron.neutron;

/**
 * A network to create. A provider network names its physical network and, for VLAN, its segmentation id; an
 * overlay network leaves both null and gets the tenant network type.
 *
 * @param mtu the network's MTU, or null for Neutron's default
 * @param description free text (Kubetron's owner record), or null
 */
public record NetworkCreate(String name, String physicalNetwork, Integer vlan, Integer mtu, String description) {
    public NetworkCreate(String name, String physicalNetwork, Integer vlan, Integer mtu) {
        this(name, physicalNetwork, vlan, mtu, null);
    }

    public static NetworkCreate overlay(String name) {
        return new NetworkCreate(name, null, null, null, null);
    }
}
