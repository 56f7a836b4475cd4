package io.kubetron.backend.ovn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubetron.backend.BackendException;
import io.kubetron.backend.BackendPort;
import io.kubetron.backend.Network;
import io.kubetron.backend.NetworkBackend;
import io.kubetron.backend.NetworkSpec;
import io.kubetron.backend.OwnerFilter;
import io.kubetron.backend.PortRequest;
import io.kubetron.backend.config.BackendSettings;
import io.kubetron.backend.config.Backends;
import io.kubetron.lab.Lab;
import io.kubetron.lab.NetnsPod;
import io.kubetron.lab.NetnsPods;
import io.kubetron.model.owner.PortOwner;
import io.kubetron.testkit.LabExtension;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The OVN-direct backend against the lab's real Northbound database, ovn-northd and ovn-controller. */
@ExtendWith(LabExtension.class)
class OvnBackendIT {
    private final List<NetworkBackend> opened = new ArrayList<>();
    private final List<String> networks = new ArrayList<>();
    private Lab lab;

    private NetworkBackend backend(Lab l) {
        this.lab = l;
        NetworkBackend b = Backends.open(
                BackendSettings.fromMap(Map.of("KUBETRON_OVN_NB", l.endpoints().nb()), "ovn"));
        opened.add(b);
        return b;
    }

    private Network network(NetworkBackend b, NetworkSpec spec) {
        networks.add(spec.name());
        return b.createNetwork(spec);
    }

    @AfterEach
    void cleanUp() {
        if (lab != null) {
            for (String n : networks) {
                // ports first, then the switch (and DHCP options: any row of this test's networks)
                lab.nbctl("--if-exists", "ls-del", n);
                for (String d : lab.nbctl(
                                "--bare",
                                "--columns=_uuid",
                                "find",
                                "DHCP_Options",
                                "external_ids:kubetron\\:network=" + n)
                        .split("\\s+")) {
                    if (!d.isBlank()) {
                        lab.nbctl("destroy", "DHCP_Options", d);
                    }
                }
            }
        }
        opened.forEach(NetworkBackend::close);
    }

    private static PortOwner owner(String pod) {
        return new PortOwner("default", pod, null, null, "req-" + pod);
    }

    @Test
    void aPortGetsItsAddressFromOvnDhcpInAPluggedNamespace(Lab l, NetnsPods pods) {
        NetworkBackend b = backend(l);
        Network red = network(
                b,
                new NetworkSpec(
                        "it-red", new NetworkSpec.SubnetSpec("10.81.0.0/24", null, List.of("10.81.0.53")), null, null));
        assertThat(red.subnets()).singleElement().satisfies(s -> {
            assertThat(s.cidr()).isEqualTo("10.81.0.0/24");
            assertThat(s.gateway()).isEqualTo("10.81.0.1");
            assertThat(s.dnsServers()).containsExactly("10.81.0.53");
        });
        assertThat(b.findNetwork("it-red")).contains(red);
        assertThatThrownBy(() -> b.createNetwork(new NetworkSpec("it-red", null, null, null)))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("network it-red already exists");

        BackendPort p = b.createPort(new PortRequest(red, "it-red-abcdefghi", owner("pod1"), null, null));
        assertThat(p.fixedIps()).containsExactly("10.81.0.2");
        String lsp = l.nbctl(
                "--bare", "--columns=addresses,port_security,external_ids", "list", "Logical_Switch_Port", p.id());
        assertThat(lsp)
                .contains(p.macAddress() + " 10.81.0.2")
                .contains("kubetron:creator=kubetron")
                .contains("kubetron:pod-namespace=default")
                .contains("kubetron:pod-name=pod1")
                .contains("kubetron:request-uid=req-pod1")
                .contains("kubetron:network=it-red");
        assertThat(l.nbctl("get", "Logical_Switch_Port", p.id(), "dhcpv4_options"))
                .isNotBlank();

        NetnsPod pod = pods.create("ovn1");
        pod.plug("net1", p.id(), p.macAddress());
        assertThat(pod.dhcp("net1", false)).isEqualTo("10.81.0.2");
        assertThat(l.nbctl("get", "Logical_Switch_Port", p.id(), "up").strip()).isEqualTo("true");
    }

    @Test
    void ownedPortsAreListedByOwnerAndForeignPortsNever(Lab l) {
        NetworkBackend b = backend(l);
        Network blue = network(
                b, new NetworkSpec("it-blue", new NetworkSpec.SubnetSpec("10.82.0.0/24", null, null), null, null));
        BackendPort a = b.createPort(new PortRequest(blue, "blue-a", owner("a"), null, null));
        BackendPort c =
                b.createPort(new PortRequest(blue, "blue-c", new PortOwner("other", "c", null, null, "r"), null, null));
        l.nbctl(
                "lsp-add",
                "it-blue",
                "foreign-port",
                "--",
                "lsp-set-addresses",
                "foreign-port",
                "0a:00:00:00:99:01 10.82.0.99");

        assertThat(b.listOwnedPorts(OwnerFilter.ALL))
                .extracting(BackendPort::id)
                .contains(a.id(), c.id())
                .doesNotContain("foreign-port");
        assertThat(b.listOwnedPorts(OwnerFilter.pod("default", "a")))
                .extracting(BackendPort::id)
                .containsExactly(a.id());
        assertThat(b.listOwnedPorts(OwnerFilter.parse("other")))
                .extracting(BackendPort::id)
                .containsExactly(c.id());

        assertThatThrownBy(() -> b.deleteNetwork("it-blue"))
                .as("two of ours and the foreign one")
                .hasMessageContaining("still has 3 port(s)");
        assertThat(b.deletePort(a.id())).isTrue();
        assertThat(b.deletePort(a.id())).as("already gone is success").isFalse();
        assertThat(l.nbctl("--bare", "--columns=name", "list", "Logical_Switch_Port"))
                .doesNotContain(a.id());
        // a foreign port uses 10.82.0.99: the allocator must step around it
        BackendPort d = b.createPort(new PortRequest(blue, "blue-d", owner("d"), null, List.of("10.82.0.5")));
        assertThat(d.fixedIps()).containsExactly("10.82.0.5");
        assertThatThrownBy(() -> b.createPort(new PortRequest(blue, "blue-e", owner("e"), null, List.of("10.82.0.99"))))
                .hasMessageContaining("already in use");
    }

    @Test
    void fiftyConcurrentCreatesFromTwoClientsGetDistinctAddresses(Lab l) throws Exception {
        NetworkBackend one = backend(l);
        NetworkBackend two = backend(l);
        Network net = network(
                one, new NetworkSpec("it-busy", new NetworkSpec.SubnetSpec("10.83.0.0/24", null, null), null, null));
        Network seenByTwo = two.findNetwork("it-busy").orElseThrow();
        List<Callable<BackendPort>> tasks = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            NetworkBackend b = i % 2 == 0 ? one : two;
            Network n = i % 2 == 0 ? net : seenByTwo;
            String name = "busy-" + i;
            tasks.add(() -> b.createPort(new PortRequest(n, name, owner(name), null, null)));
        }
        List<BackendPort> ports = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<BackendPort> f : pool.invokeAll(tasks)) {
                ports.add(f.get());
            }
        }
        Set<String> ips = new HashSet<>();
        Set<String> macs = new HashSet<>();
        ports.forEach(p -> {
            ips.addAll(p.fixedIps());
            macs.add(p.macAddress());
        });
        assertThat(ips).hasSize(50);
        assertThat(macs).hasSize(50);
        // what the database holds, read by the reference tool
        String addresses = l.nbctl(
                "--bare",
                "--columns=addresses",
                "find",
                "Logical_Switch_Port",
                "external_ids:kubetron\\:network=it-busy");
        List<String> rows = List.of(addresses.strip().split("\\s*\\n\\s*\\n?\\s*")).stream()
                .filter(s -> !s.isBlank())
                .toList();
        assertThat(rows).hasSize(50);
        assertThat(rows.stream().map(r -> r.split("\\s+")[1]).distinct()).hasSize(50);
    }

    @Test
    void aPhysicalNetworkIsASwitchWithALocalnetPort(Lab l) {
        NetworkBackend b = backend(l);
        Network green = network(b, new NetworkSpec("it-green", null, "phys-net10", 100));
        assertThat(green.physical()).isTrue();
        assertThat(green.physicalNetwork()).isEqualTo("phys-net10");
        assertThat(green.vlan()).isEqualTo(100);
        assertThat(l.nbctl("get", "Logical_Switch_Port", "ln-it-green", "type").strip())
                .isEqualTo("localnet");
        assertThat(l.nbctl("get", "Logical_Switch_Port", "ln-it-green", "options:network_name")
                        .strip())
                .isEqualTo("phys-net10");
        assertThat(l.nbctl("get", "Logical_Switch_Port", "ln-it-green", "tag").strip())
                .isEqualTo("100");
        BackendPort p = b.createPort(new PortRequest(green, "green-a", owner("g"), null, null));
        assertThat(p.fixedIps()).isEmpty();
        assertThat(b.deletePort(p.id())).isTrue();
        assertThat(b.deleteNetwork("it-green")).isTrue();
        assertThat(b.findNetwork("it-green")).isEmpty();
        assertThat(l.nbctl("--bare", "--columns=name", "list", "Logical_Switch_Port"))
                .doesNotContain("ln-it-green");
    }
}
