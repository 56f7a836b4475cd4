package io.kubetron.backend;

import java.util.List;

/**
 * A network to create.
 *
 * @param subnet its subnet, or null for none
 * @param physicalNetwork physnet for a physical network (OVN localnet / Neutron provider network), or null
 * @param vlan VLAN id on that physnet, or null for untagged
 */
public record NetworkSpec(String name, SubnetSpec subnet, String physicalNetwork, Integer vlan) {

    public NetworkSpec {
        if (vlan != null && physicalNetwork == null) {
            throw new IllegalArgumentException("a VLAN needs a physical network (--physnet)");
        }
        if (vlan != null && (vlan < 1 || vlan > 4094)) {
            throw new IllegalArgumentException("VLAN " + vlan + " is outside 1-4094");
        }
    }

    /**
     * @param gateway router address; null means the first host address of the CIDR
     * @param dnsServers DNS servers handed out by DHCP
     */
    public record SubnetSpec(String cidr, String gateway, List<String> dnsServers) {
        public SubnetSpec {
            Ipv4Cidr.parse(cidr);
            dnsServers = dnsServers == null ? List.of() : List.copyOf(dnsServers);
        }
    }
}
