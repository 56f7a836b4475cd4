package io.kubetron.backend;

import java.util.List;

/**
 * A network Pods can join.
 *
 * @param physicalNetwork the physnet of a physical (provider) network, null for an overlay network
 * @param vlan the VLAN id of a physical network, null for untagged (flat) or overlay
 * @param mtu the MTU the backend advertises, or null if it does not say
 * @param subnets at most one IPv4 subnet served by OVN's DHCP (a network without one gets no addresses)
 * @param ownerUid the uid of the Kubernetes object Kubetron created this network for ({@link NetworkSpec#ownerUid()}),
 *     null if it was not created for one
 */
public record Network(
        String id,
        String name,
        String physicalNetwork,
        Integer vlan,
        Integer mtu,
        List<Subnet> subnets,
        String ownerUid) {

    public Network {
        subnets = List.copyOf(subnets);
    }

    public Network(String id, String name, String physicalNetwork, Integer vlan, Integer mtu, List<Subnet> subnets) {
        this(id, name, physicalNetwork, vlan, mtu, subnets, null);
    }

    public boolean physical() {
        return physicalNetwork != null;
    }

    /**
     * An IPv4 subnet.
     *
     * @param gateway router address handed out by DHCP, or null
     * @param dhcp whether the backend's DHCP serves it
     * @param excludeRanges addresses no port gets besides the gateway, as {@link AddressRange#toString()} writes them,
     *     merged and in order
     */
    public record Subnet(
            String id, String cidr, String gateway, List<String> dnsServers, boolean dhcp, List<String> excludeRanges) {
        public Subnet {
            dnsServers = List.copyOf(dnsServers);
            excludeRanges = List.copyOf(excludeRanges);
        }

        public Subnet(String id, String cidr, String gateway, List<String> dnsServers) {
            this(id, cidr, gateway, dnsServers, true, List.of());
        }
    }
}
