package io.kubetron.neutron;

import java.util.List;

/**
 * A Neutron network.
 *
 * @param networkType {@code geneve}, {@code vxlan}, {@code vlan}, {@code flat}...; null when the caller may not see it
 * @param physicalNetwork physnet of a provider network, else null
 * @param segmentationId VLAN id (or VNI), else null
 * @param description its free text, or null
 */
public record NeutronNetwork(
        String id,
        String name,
        Integer mtu,
        String networkType,
        String physicalNetwork,
        Integer segmentationId,
        List<String> subnetIds,
        String description) {
    public NeutronNetwork {
        subnetIds = List.copyOf(subnetIds);
    }

    public NeutronNetwork(
            String id,
            String name,
            Integer mtu,
            String networkType,
            String physicalNetwork,
            Integer segmentationId,
            List<String> subnetIds) {
        this(id, name, mtu, networkType, physicalNetwork, segmentationId, subnetIds, null);
    }
}
