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
        List<String> dnsNameservers) {
    public NeutronSubnet {
        dnsNameservers = List.copyOf(dnsNameservers);
    }
}
