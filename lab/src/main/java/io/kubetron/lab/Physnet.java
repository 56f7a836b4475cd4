package io.kubetron.lab;

/**
 * The lab's provider network ({@code --physnet}): on every node a bridge mapped to {@code network}, uplinked to a
 * provider switch whose ports to the nodes are trunks; an external host sits on the switch's access port of VLAN
 * {@code vlan}. A logical switch with a localnet port ({@code options:network_name=<network>}, {@code tag=<vlan>})
 * reaches the external host.
 *
 * @param network the physical network name ({@code ovn-bridge-mappings}, Neutron's {@code provider:physical_network})
 * @param bridge each node's provider bridge
 * @param vlan the VLAN the external host is on
 * @param cidr the external host's subnet
 * @param externalHostAddress the external host's IPv4 address
 * @param externalHostNamespace the external host's network namespace (interface {@code eth0}, untagged)
 * @param switchNamespace the namespace of the provider switch's ovs-vswitchd
 */
public record Physnet(
        String network,
        String bridge,
        int vlan,
        String cidr,
        String externalHostAddress,
        String externalHostNamespace,
        String switchNamespace) {}
