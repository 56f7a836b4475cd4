package io.kubetron.lifecycle.network;

import io.kubetron.backend.AddressRange;
import io.kubetron.backend.Ipv4Cidr;
import io.kubetron.backend.NetworkSpec;
import io.kubetron.model.network.DeclaredNetwork;
import io.kubetron.model.network.Subnet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A declared Network's spec against the backend: the rules the CRD schema cannot check, the backend network it asks
 * for, and what differs between it and an existing backend network. Pure.
 */
final class DeclaredSpecs {
    private DeclaredSpecs() {}

    /** What is wrong with the spec, one message per problem, each naming the field; empty if nothing. */
    static List<String> problems(DeclaredNetwork d) {
        List<String> out = new ArrayList<>();
        if (d.getVlan() != null && d.getPhysicalNetwork() == null) {
            out.add("spec.declare.vlan needs spec.declare.physicalNetwork");
        }
        if (d.getVlan() != null && (d.getVlan() < 1 || d.getVlan() > 4094)) {
            out.add("spec.declare.vlan " + d.getVlan() + " is outside 1-4094");
        }
        if (d.getMtu() != null && (d.getMtu() < 68 || d.getMtu() > 65535)) {
            out.add("spec.declare.mtu " + d.getMtu() + " is outside 68-65535");
        }
        List<Subnet> subnets = d.subnetList();
        if (subnets.size() > 1) {
            out.add("spec.declare.subnets has " + subnets.size() + " subnets; Kubetron networks have at most one");
        }
        for (int i = 0; i < subnets.size(); i++) {
            subnetProblems(subnets.get(i), "spec.declare.subnets[" + i + "]", out);
        }
        return out;
    }

    private static void subnetProblems(Subnet s, String at, List<String> out) {
        Ipv4Cidr cidr;
        try {
            cidr = Ipv4Cidr.parse(s.getCidr());
        } catch (IllegalArgumentException e) {
            out.add(at + ".cidr: " + e.getMessage());
            return;
        }
        if (s.getGateway() != null) {
            try {
                if (!cidr.contains(s.getGateway())) {
                    out.add(at + ".gateway " + s.getGateway() + " is not in " + cidr);
                } else {
                    long i = cidr.indexOf(s.getGateway());
                    if (i == 0 || i == cidr.size() - 1) {
                        out.add(at + ".gateway " + s.getGateway() + " is the network or broadcast address of " + cidr);
                    }
                }
            } catch (IllegalArgumentException e) {
                out.add(at + ".gateway: " + e.getMessage());
            }
        }
        for (String r : s.excludeRangeList()) {
            try {
                AddressRange.parse(r, cidr);
            } catch (IllegalArgumentException e) {
                out.add(at + ".excludeRanges: " + e.getMessage());
            }
        }
        for (String dns : s.dnsServerList()) {
            try {
                Ipv4Cidr.toLong(dns);
            } catch (IllegalArgumentException e) {
                out.add(at + ".dnsServers: '" + dns + "' is not an IPv4 address");
            }
        }
    }

    /** The backend network a valid declared spec asks for, named {@code name}, recorded as {@code ownerUid}'s. */
    static NetworkSpec toBackend(String name, DeclaredNetwork d, String ownerUid) {
        NetworkSpec.SubnetSpec subnet = d.subnetList().isEmpty()
                ? null
                : new NetworkSpec.SubnetSpec(
                        d.subnetList().get(0).getCidr(),
                        d.subnetList().get(0).getGateway(),
                        d.subnetList().get(0).dnsServerList(),
                        d.subnetList().get(0).excludeRangeList());
        return new NetworkSpec(
                name, subnet, d.getPhysicalNetwork(), d.getVlan(), d.getMtu(), d.dhcpEnabled(), ownerUid);
    }

    /**
     * What the existing backend network has differently from the spec, one message per field (the backend cannot
     * change any of them in place); empty if they match.
     */
    static List<String> differences(DeclaredNetwork d, io.kubetron.backend.Network n) {
        List<String> out = new ArrayList<>();
        differ("physicalNetwork", d.getPhysicalNetwork(), n.physicalNetwork(), out);
        differ("vlan", d.getVlan(), n.vlan(), out);
        if (d.getMtu() != null) {
            differ("mtu", d.getMtu(), n.mtu(), out);
        }
        Subnet want = d.subnetList().isEmpty() ? null : d.subnetList().get(0);
        io.kubetron.backend.Network.Subnet have =
                n.subnets().isEmpty() ? null : n.subnets().get(0);
        if (want == null || have == null) {
            differ("subnets[0].cidr", want == null ? null : want.getCidr(), have == null ? null : have.cidr(), out);
            return out;
        }
        differ("subnets[0].cidr", want.getCidr(), have.cidr(), out);
        Ipv4Cidr cidr = Ipv4Cidr.parse(want.getCidr());
        differ(
                "subnets[0].gateway",
                want.getGateway() == null ? cidr.firstHost() : want.getGateway(),
                have.gateway(),
                out);
        differ(
                "subnets[0].excludeRanges",
                AddressRange.parseAll(want.excludeRangeList(), cidr).stream()
                        .map(AddressRange::toString)
                        .toList(),
                have.excludeRanges(),
                out);
        differ("subnets[0].dnsServers", want.dnsServerList(), have.dnsServers(), out);
        differ("dhcp", d.dhcpEnabled(), have.dhcp(), out);
        return out;
    }

    private static void differ(String field, Object want, Object have, List<String> out) {
        if (!Objects.equals(want, have)) {
            out.add(field + " is " + show(have) + " in the backend, " + show(want) + " in the spec");
        }
    }

    private static String show(Object v) {
        return v == null ? "unset" : v.toString();
    }
}
