package io.kubetron.neutron;

import java.util.List;

/** An IPv4 subnet with DHCP (OVN's native DHCP serves it). A null gateway lets Neutron pick the first address. */
public record SubnetCreate(String networkId, String name, String cidr, String gatewayIp, List<String> dnsNameservers) {
    public SubnetCreate {
        dnsNameservers = dnsNameservers == null ? List.of() : List.copyOf(dnsNameservers);
    }
}
