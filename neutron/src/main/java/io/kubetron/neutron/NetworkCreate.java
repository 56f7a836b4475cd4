package io.kubetron.neutron;

/**
 * A network to create. A provider network names its physical network and, for VLAN, its segmentation id; an
 * overlay network leaves both null and gets the tenant network type.
 */
public record NetworkCreate(String name, String physicalNetwork, Integer vlan, Integer mtu) {
    public static NetworkCreate overlay(String name) {
        return new NetworkCreate(name, null, null, null);
    }
}
