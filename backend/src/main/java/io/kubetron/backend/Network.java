package io.kubetron.backend;

import java.util.List;

/**
 * A network Pods can join.
 *
 * @param physicalNetwork the physnet of a physical (provider) network, null for an overlay network
 * @param vlan the VLAN id of a physical network, null for untagged (flat) or overlay
 * @param mtu the MTU the backend advertises, or null if it does not say
 * @param subnets at most one IPv4 subnet served by OVN's DHCP (a network without one gets no addresses)
 */
public record Network(String id, String name, String physicalNetwork, Integer vlan, Integer mtu, List<Subnet> subnets) {

    public Network {
        subnets = List.copyOf(subnets);
    }

    public boolean physical() {
        return physicalNetwork != null;
    }

    /**
     * An IPv4 subnet.
     *
     * @param gateway router address handed out by DHCP, or null
     */
    public record Subnet(String id, String cidr, String gateway, List<String> dnsServers) {
        public Subnet {
            dnsServers = List.copyOf(dnsServers);
        }
    }
}
