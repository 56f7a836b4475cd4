package io.kubetron.backend;

import java.util.List;

/**
 * A network to create.
 *
 * @param subnet its subnet, or null for none
 * @param physicalNetwork physnet for a physical network (OVN localnet / Neutron provider network), or null
 * @param vlan VLAN id on that physnet, or null for untagged
 * @param mtu the MTU to advertise (OVN: DHCP option; Neutron: the network's mtu), or null for the backend's default
 * @param dhcp whether the backend's DHCP serves the subnet
 * @param ownerUid the uid of the Kubernetes object the network is created for (a {@code Network}), recorded on the
 *     backend network so that "created for this object" survives restarts; null for none (the CLI)
 */
public record NetworkSpec(
        String name,
        SubnetSpec subnet,
        String physicalNetwork,
        Integer vlan,
        Integer mtu,
        boolean dhcp,
        String ownerUid) {

    public NetworkSpec {
        if (vlan != null && physicalNetwork == null) {
            throw new IllegalArgumentException("a VLAN needs a physical network (--physnet)");
        }
        if (vlan != null && (vlan < 1 || vlan > 4094)) {
            throw new IllegalArgumentException("VLAN " + vlan + " is outside 1-4094");
        }
        if (mtu != null && (mtu < 68 || mtu > 65535)) {
            throw new IllegalArgumentException("MTU " + mtu + " is outside 68-65535");
        }
    }

    /** With DHCP, the backend's MTU and no owner object. */
    public NetworkSpec(String name, SubnetSpec subnet, String physicalNetwork, Integer vlan) {
        this(name, subnet, physicalNetwork, vlan, null, true, null);
    }

    /**
     * @param gateway router address; null means the first host address of the CIDR
     * @param dnsServers DNS servers handed out by DHCP
     * @param excludeRanges addresses no port gets, each {@code A} or {@code A-B} ({@link AddressRange}), inside the
     *     subnet
     */
    public record SubnetSpec(String cidr, String gateway, List<String> dnsServers, List<String> excludeRanges) {
        public SubnetSpec {
            Ipv4Cidr c = Ipv4Cidr.parse(cidr);
            if (gateway != null && !c.contains(gateway)) {
                throw new IllegalArgumentException("gateway " + gateway + " is not in " + c);
            }
            dnsServers = dnsServers == null ? List.of() : List.copyOf(dnsServers);
            excludeRanges = excludeRanges == null ? List.of() : List.copyOf(excludeRanges);
            AddressRange.parseAll(excludeRanges, c);
        }

        public SubnetSpec(String cidr, String gateway, List<String> dnsServers) {
            this(cidr, gateway, dnsServers, List.of());
        }

        public Ipv4Cidr parsedCidr() {
            return Ipv4Cidr.parse(cidr);
        }

        /** The gateway, defaulted to the first host address. */
        public String effectiveGateway() {
            return gateway != null ? gateway : parsedCidr().firstHost();
        }

        /** The excluded ranges, parsed and merged. */
        public List<AddressRange> excluded() {
            return AddressRange.parseAll(excludeRanges, parsedCidr());
        }
    }
}
