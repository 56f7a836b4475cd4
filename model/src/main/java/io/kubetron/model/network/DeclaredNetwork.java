package io.kubetron.model.network;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Objects;

/**
 * A network Kubetron creates in the backend, named after its {@link Network} object: an overlay network, or a
 * physical one (a physnet, optionally a VLAN on it), with at most one IPv4 subnet.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.vlan) || has(self.physicalNetwork)", message = "a vlan needs a physicalNetwork")
public class DeclaredNetwork {
    @JsonPropertyDescription("The network's IPv4 subnet, at most one; none gives a network without addresses (and "
            + "without DHCP). The CIDR cannot change once created.")
    @Size(max = 1)
    private List<Subnet> subnets;

    @JsonPropertyDescription("The physical network (OVN localnet network_name / Neutron provider physical_network) of "
            + "a provider network; absent for an overlay network.")
    private String physicalNetwork;

    @JsonPropertyDescription("The VLAN id on physicalNetwork, 1-4094; absent for an untagged (flat) network.")
    @Min(1)
    @Max(4094)
    private Integer vlan;

    @JsonPropertyDescription("The MTU Pods are told (OVN: DHCP option mtu; Neutron: the network's mtu); absent: the "
            + "backend's default.")
    @Min(68)
    @Max(65535)
    private Integer mtu;

    @JsonPropertyDescription("Whether the backend's DHCP serves the subnet. Default true; false: Pods still get a "
            + "port with an address, but must configure it themselves.")
    @Default("true")
    private Boolean dhcp;

    public DeclaredNetwork() {}

    public List<Subnet> getSubnets() {
        return subnets;
    }

    public void setSubnets(List<Subnet> subnets) {
        this.subnets = subnets;
    }

    public String getPhysicalNetwork() {
        return physicalNetwork;
    }

    public void setPhysicalNetwork(String physicalNetwork) {
        this.physicalNetwork = physicalNetwork;
    }

    public Integer getVlan() {
        return vlan;
    }

    public void setVlan(Integer vlan) {
        this.vlan = vlan;
    }

    public Integer getMtu() {
        return mtu;
    }

    public void setMtu(Integer mtu) {
        this.mtu = mtu;
    }

    public Boolean getDhcp() {
        return dhcp;
    }

    public void setDhcp(Boolean dhcp) {
        this.dhcp = dhcp;
    }

    /** {@link #getDhcp()} with its default: true unless set to false. */
    public boolean dhcpEnabled() {
        return !Boolean.FALSE.equals(dhcp);
    }

    /** The subnets, never null. */
    public List<Subnet> subnetList() {
        return subnets == null ? List.of() : subnets;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeclaredNetwork d
                && Objects.equals(subnetList(), d.subnetList())
                && Objects.equals(physicalNetwork, d.physicalNetwork)
                && Objects.equals(vlan, d.vlan)
                && Objects.equals(mtu, d.mtu)
                && dhcpEnabled() == d.dhcpEnabled();
    }

    @Override
    public int hashCode() {
        return Objects.hash(subnetList(), physicalNetwork, vlan, mtu, dhcpEnabled());
    }

    @Override
    public String toString() {
        return "DeclaredNetwork{subnets=" + subnets + ", physicalNetwork=" + physicalNetwork + ", vlan=" + vlan
                + ", mtu=" + mtu + ", dhcp=" + dhcp + "}";
    }
}
