package io.kubetron.model.network;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Objects;

/** An IPv4 subnet of a declared network. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Subnet {
    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final String IPV4 = OCTET + "\\." + OCTET + "\\." + OCTET + "\\." + OCTET;

    @JsonPropertyDescription("The subnet in CIDR notation, such as 10.1.0.0/24 (prefix /8 to /30, no host bits set).")
    @Required
    @Pattern("^" + IPV4 + "/([89]|[12][0-9]|30)$")
    private String cidr;

    @JsonPropertyDescription("The router address DHCP hands out; absent: the subnet's first host address.")
    @Pattern("^" + IPV4 + "$")
    private String gateway;

    @JsonPropertyDescription("Addresses no port gets, each one address (10.0.0.5) or an inclusive range "
            + "(10.0.0.2-10.0.0.9), inside the subnet.")
    @Size(max = 64)
    private List<String> excludeRanges;

    @JsonPropertyDescription("DNS servers DHCP hands out.")
    @Size(max = 8)
    private List<String> dnsServers;

    public Subnet() {}

    public static Subnet of(String cidr) {
        Subnet s = new Subnet();
        s.setCidr(cidr);
        return s;
    }

    public String getCidr() {
        return cidr;
    }

    public void setCidr(String cidr) {
        this.cidr = cidr;
    }

    public String getGateway() {
        return gateway;
    }

    public void setGateway(String gateway) {
        this.gateway = gateway;
    }

    public List<String> getExcludeRanges() {
        return excludeRanges;
    }

    public void setExcludeRanges(List<String> excludeRanges) {
        this.excludeRanges = excludeRanges;
    }

    public List<String> getDnsServers() {
        return dnsServers;
    }

    public void setDnsServers(List<String> dnsServers) {
        this.dnsServers = dnsServers;
    }

    /** {@link #getExcludeRanges()}, never null. */
    public List<String> excludeRangeList() {
        return excludeRanges == null ? List.of() : excludeRanges;
    }

    /** {@link #getDnsServers()}, never null. */
    public List<String> dnsServerList() {
        return dnsServers == null ? List.of() : dnsServers;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Subnet s
                && Objects.equals(cidr, s.cidr)
                && Objects.equals(gateway, s.gateway)
                && Objects.equals(excludeRangeList(), s.excludeRangeList())
                && Objects.equals(dnsServerList(), s.dnsServerList());
    }

    @Override
    public int hashCode() {
        return Objects.hash(cidr, gateway, excludeRangeList(), dnsServerList());
    }

    @Override
    public String toString() {
        return "Subnet{cidr=" + cidr + ", gateway=" + gateway + ", excludeRanges=" + excludeRanges + ", dnsServers="
                + dnsServers + "}";
    }
}
