package io.kubetron.neutron;

import java.util.List;

/** A Neutron subnet. */
public record NeutronSubnet(
        String id,
        String name,
        String networkId,
        String cidr,
        String gatewayIp,
        boolean enableDhcp,
        List<String> dnsNameservers,
        List<AllocationPool> allocationPools) {
    public NeutronSubnet {
        dnsNameservers = List.copyOf(dnsNameservers);
        allocationPools = List.copyOf(allocationPools);
    }

    public NeutronSubnet(
            String id,
            String name,
            String networkId,
            String cidr,
            String gatewayIp,
            boolean enableDhcp,
            List<String> dnsNameservers) {
        this(id, name, networkId, cidr, gatewayIp, enableDhcp, dnsNameservers, List.of());
    }
}
