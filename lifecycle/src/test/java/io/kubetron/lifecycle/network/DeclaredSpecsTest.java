package io.kubetron.lifecycle.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubetron.backend.NetworkSpec;
import io.kubetron.model.network.DeclaredNetwork;
import io.kubetron.model.network.Subnet;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeclaredSpecsTest {

    private static DeclaredNetwork vlan() {
        DeclaredNetwork d = new DeclaredNetwork();
        Subnet s = Subnet.of("192.168.100.0/24");
        s.setGateway("192.168.100.254");
        s.setExcludeRanges(List.of("192.168.100.2-192.168.100.9", "192.168.100.5"));
        s.setDnsServers(List.of("192.168.100.53"));
        d.setSubnets(List.of(s));
        d.setPhysicalNetwork("phys-net10");
        d.setVlan(100);
        d.setMtu(1500);
        d.setDhcp(false);
        return d;
    }

    @Test
    void aDeclaredSpecBecomesTheBackendNetworkItAsksFor() {
        NetworkSpec spec = DeclaredSpecs.toBackend("green", vlan(), "uid-1");
        assertThat(spec.name()).isEqualTo("green");
        assertThat(spec.physicalNetwork()).isEqualTo("phys-net10");
        assertThat(spec.vlan()).isEqualTo(100);
        assertThat(spec.mtu()).isEqualTo(1500);
        assertThat(spec.dhcp()).isFalse();
        assertThat(spec.ownerUid()).isEqualTo("uid-1");
        assertThat(spec.subnet().gateway()).isEqualTo("192.168.100.254");
        assertThat(spec.subnet().excluded())
                .extracting(Object::toString)
                .containsExactly("192.168.100.2-192.168.100.9");
        assertThat(DeclaredSpecs.problems(vlan())).isEmpty();
    }

    @Test
    void everyProblemIsNamedByItsField() {
        DeclaredNetwork d = new DeclaredNetwork();
        d.setVlan(5000);
        Subnet s = Subnet.of("10.0.0.1/24");
        d.setSubnets(List.of(s, Subnet.of("10.1.0.0/24")));
        assertThat(DeclaredSpecs.problems(d))
                .containsExactly(
                        "spec.declare.vlan needs spec.declare.physicalNetwork",
                        "spec.declare.vlan 5000 is outside 1-4094",
                        "spec.declare.subnets has 2 subnets; Kubetron networks have at most one",
                        "spec.declare.subnets[0].cidr: '10.0.0.1/24' has host bits set; did you mean 10.0.0.0/24?");
        Subnet dns = Subnet.of("10.0.0.0/24");
        dns.setDnsServers(List.of("dns.example"));
        DeclaredNetwork e = new DeclaredNetwork();
        e.setSubnets(List.of(dns));
        assertThat(DeclaredSpecs.problems(e))
                .containsExactly("spec.declare.subnets[0].dnsServers: 'dns.example' is not an IPv4 address");
    }

    @Test
    void aBackendNetworkThatMatchesHasNoDifferencesAndEachChangeIsNamed() {
        io.kubetron.backend.Network same = new io.kubetron.backend.Network(
                "id",
                "green",
                "phys-net10",
                100,
                1500,
                List.of(new io.kubetron.backend.Network.Subnet(
                        "s",
                        "192.168.100.0/24",
                        "192.168.100.254",
                        List.of("192.168.100.53"),
                        false,
                        List.of("192.168.100.2-192.168.100.9"))),
                "uid-1");
        assertThat(DeclaredSpecs.differences(vlan(), same)).isEmpty();
        DeclaredNetwork changed = vlan();
        changed.setVlan(200);
        changed.setDhcp(true);
        changed.getSubnets().get(0).setExcludeRanges(List.of());
        assertThat(DeclaredSpecs.differences(changed, same))
                .containsExactly(
                        "vlan is 100 in the backend, 200 in the spec",
                        "subnets[0].excludeRanges is [192.168.100.2-192.168.100.9] in the backend, [] in the spec",
                        "dhcp is false in the backend, true in the spec");
    }
}
