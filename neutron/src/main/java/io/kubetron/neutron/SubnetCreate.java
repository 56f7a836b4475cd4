package io.kubetron.neutron;

import java.util.List;

/**
 * An IPv4 subnet (OVN's native DHCP serves it when {@code enableDhcp}). A null gateway lets Neutron pick the first
 * address; empty {@code allocationPools} let Neutron allocate from every host address but the gateway.
 */
public record SubnetCreate(
        String networkId,
        String name,
        String cidr,
        String gatewayIp,
        List<String> dnsNameservers,
        boolean enableDhcp,
        List<AllocationPool> allocationPools) {
    public SubnetCreate {
        dnsNameservers = dnsNameservers == null ? List.of() : List.copyOf(dnsNameservers);
        allocationPools = allocationPools == null ? List.of() : List.copyOf(allocationPools);
    }

    public SubnetCreate(String networkId, String name, String cidr, String gatewayIp, List<String> dnsNameservers) {
        this(networkId, name, cidr, gatewayIp, dnsNameservers, true, List.of());
    }
}
