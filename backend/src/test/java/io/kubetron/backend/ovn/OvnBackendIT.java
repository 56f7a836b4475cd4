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
                .hasMessage("10.82.0.99 on network it-blue is in use by a port not created by Kubetron (foreign-port)");

        // the foreign port moves to another address in place (its switch's ports do not change): the old one is
        // free again, the new one is not
        l.nbctl("lsp-set-addresses", "foreign-port", "0a:00:00:00:99:01 10.82.0.98");
        io.kubetron.common.retry.Wait.upTo(java.time.Duration.ofSeconds(10))
                .until("10.82.0.98 to be seen as in use", () -> {
                    try {
                        b.deletePort(
                                b.createPort(new PortRequest(blue, "blue-f", owner("f"), null, List.of("10.82.0.98")))
                                        .id());
                        return false;
                    } catch (io.kubetron.backend.BackendException e) {
                        return e.getMessage().contains("10.82.0.98 on network it-blue is in use");
                    }
                });
        assertThat(b.createPort(new PortRequest(blue, "blue-g", owner("g"), null, List.of("10.82.0.99")))
                        .fixedIps())
                .containsExactly("10.82.0.99");
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

    // ------------------------------------------------------------------- createPorts: bulk, static addresses

    private static PortRequest req(Network n, String name, String mac, String... ips) {
        return new PortRequest(n, name, owner(name), mac, List.of(ips));
    }

    private String allocVersion(Lab l, String network) {
        return l.nbctl("get", "Logical_Switch", network, "external_ids:kubetron\\:alloc-version")
                .strip()
                .replace("\"", "");
    }

    @Test
    void aBulkOfTwoOnTwoNetworksAndOfTenOnOneAreEachOneTransaction(Lab l) {
        NetworkBackend b = backend(l);
        Network red = network(
                b, new NetworkSpec("it-bulk-r", new NetworkSpec.SubnetSpec("10.84.0.0/24", null, null), null, null));
        Network blue = network(
                b, new NetworkSpec("it-bulk-b", new NetworkSpec.SubnetSpec("10.85.0.0/24", null, null), null, null));
        String redBefore = allocVersion(l, "it-bulk-r");
        String blueBefore = allocVersion(l, "it-bulk-b");

        List<BackendPort> two = b.createPorts(List.of(req(red, "pod-red", null), req(blue, "pod-blue", null)));
        assertThat(two).extracting(BackendPort::name).containsExactly("pod-red", "pod-blue");
        assertThat(two.get(0).fixedIps()).containsExactly("10.84.0.2");
        assertThat(two.get(1).fixedIps()).containsExactly("10.85.0.2");
        // one transaction: each switch's allocation version moved by exactly one
        assertThat(Long.parseLong(allocVersion(l, "it-bulk-r"))).isEqualTo(Long.parseLong(redBefore) + 1);
        assertThat(Long.parseLong(allocVersion(l, "it-bulk-b"))).isEqualTo(Long.parseLong(blueBefore) + 1);
        for (BackendPort p : two) {
            assertThat(l.nbctl("--bare", "--columns=addresses", "list", "Logical_Switch_Port", p.id())
                            .strip())
                    .isEqualTo(p.macAddress() + " " + p.fixedIps().get(0));
            assertThat(l.nbctl("get", "Logical_Switch_Port", p.id(), "dhcpv4_options"))
                    .isNotBlank();
        }

        List<PortRequest> ten = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ten.add(req(red, "ten-" + i, null));
        }
        String before = allocVersion(l, "it-bulk-r");
        List<BackendPort> made = b.createPorts(ten);
        assertThat(Long.parseLong(allocVersion(l, "it-bulk-r"))).isEqualTo(Long.parseLong(before) + 1);
        assertThat(made)
                .extracting(BackendPort::name)
                .containsExactlyElementsOf(ten.stream().map(PortRequest::name).toList());
        assertThat(made.stream().flatMap(p -> p.fixedIps().stream()).distinct()).hasSize(10);
        assertThat(made.stream().map(BackendPort::macAddress).distinct()).hasSize(10);
        assertThat(made.stream().flatMap(p -> p.fixedIps().stream()))
                .doesNotContain(two.get(0).fixedIps().get(0));
        assertThat(b.listOwnedPorts(OwnerFilter.ALL).stream().filter(p -> "it-bulk-r".equals(p.networkName())))
                .hasSize(11);
        assertThat(b.createPorts(List.of())).isEmpty();
    }

    @Test
    void aFixedIpAndMacAreHonouredAndServedByOvnDhcp(Lab l, NetnsPods pods) {
        NetworkBackend b = backend(l);
        Network red = network(
                b, new NetworkSpec("it-static", new NetworkSpec.SubnetSpec("10.86.0.0/24", null, null), null, null));
        List<BackendPort> ports = b.createPorts(List.of(
                req(red, "dyn", null), req(red, "fixed", "0A:00:00:86:00:50", "10.86.0.50"), req(red, "dyn2", null)));
        BackendPort fixed = ports.get(1);
        assertThat(fixed.macAddress()).isEqualTo("0a:00:00:86:00:50");
        assertThat(fixed.fixedIps()).containsExactly("10.86.0.50");
        assertThat(l.nbctl("--bare", "--columns=addresses", "list", "Logical_Switch_Port", fixed.id())
                        .strip())
                .isEqualTo("0a:00:00:86:00:50 10.86.0.50");
        assertThat(b.listOwnedPorts(OwnerFilter.pod("default", "fixed")))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.macAddress()).isEqualTo("0a:00:00:86:00:50");
                    assertThat(p.fixedIps()).containsExactly("10.86.0.50");
                });
        // northd's Port_Binding carries it, and OVN's DHCP hands exactly that address to that MAC
        NetnsPod pod = pods.create("ovnst");
        pod.plug("net1", fixed.id(), fixed.macAddress());
        assertThat(pod.dhcp("net1", false)).isEqualTo("10.86.0.50");
        assertThat(l.sbctl("--bare", "--columns=mac", "find", "Port_Binding", "logical_port=" + fixed.id())
                        .strip())
                .isEqualTo("0a:00:00:86:00:50 10.86.0.50");
        // the dynamic ports of the same call stepped around it
        assertThat(ports.get(0).fixedIps()).containsExactly("10.86.0.2");
        assertThat(ports.get(2).fixedIps()).containsExactly("10.86.0.3");
    }

    @Test
    void refusalsNameTheAddressAndWhoHoldsItAndLeaveNothing(Lab l) {
        NetworkBackend b = backend(l);
        Network red = network(
                b, new NetworkSpec("it-refuse", new NetworkSpec.SubnetSpec("10.87.0.0/24", null, null), null, null));
        l.nbctl(
                "set",
                "Logical_Switch",
                "it-refuse",
                "other_config:exclude_ips=\"10.87.0.1 10.87.0.200..10.87.0.210\"");
        BackendPort held = b.createPort(req(red, "holder", "0a:00:00:87:00:05", "10.87.0.5"));
        l.nbctl(
                "lsp-add",
                "it-refuse",
                "foreign-87",
                "--",
                "lsp-set-addresses",
                "foreign-87",
                "0a:00:00:87:00:99 10.87.0.99");
        List<BackendPort> before = b.listOwnedPorts(OwnerFilter.ALL);
        String lspsBefore = l.nbctl("--bare", "--columns=name", "list", "Logical_Switch_Port");

        Map<PortRequest, String> refusals = new java.util.LinkedHashMap<>();
        refusals.put(
                req(red, "x", null, "10.2.0.5"), "10.2.0.5 is outside the subnets of network it-refuse (10.87.0.0/24)");
        refusals.put(
                req(red, "x", null, "10.87.0.1"),
                "10.87.0.1 is the gateway of network it-refuse; ask for another address");
        refusals.put(
                req(red, "x", null, "10.87.0.205"),
                "10.87.0.205 is excluded from the addresses of network it-refuse (excluded range "
                        + "10.87.0.200-10.87.0.210); ask for another address");
        refusals.put(
                req(red, "x", null, "10.87.0.5"),
                "10.87.0.5 on network it-refuse is in use by port holder of Pod default/holder");
        refusals.put(
                req(red, "x", null, "10.87.0.99"),
                "10.87.0.99 on network it-refuse is in use by a port not created by Kubetron (foreign-87)");
        refusals.put(
                req(red, "x", "0a:00:00:87:00:05"),
                "MAC 0a:00:00:87:00:05 on network it-refuse is in use by port holder of Pod default/holder");
        refusals.put(
                req(red, "x", "0a:00:00:87:00:99"),
                "MAC 0a:00:00:87:00:99 on network it-refuse is in use by a port not created by Kubetron (foreign-87)");
        for (var e : refusals.entrySet()) {
            // the bad request second: the good first one must not be created either
            assertThatThrownBy(() -> b.createPorts(List.of(req(red, "good", null), e.getKey())))
                    .isInstanceOf(BackendException.class)
                    .hasMessage(e.getValue());
        }
        assertThatThrownBy(() ->
                        b.createPorts(List.of(req(red, "a", null, "10.87.0.7"), req(red, "b", null, "10.87.0.7"))))
                .hasMessage("10.87.0.7 on network it-refuse is asked for twice in one request (ports a and b)");
        assertThatThrownBy(() ->
                        b.createPorts(List.of(req(red, "a", "0a:00:00:87:00:07"), req(red, "b", "0a:00:00:87:00:07"))))
                .hasMessage(
                        "MAC 0a:00:00:87:00:07 on network it-refuse is asked for twice in one request (ports a and b)");
        assertThat(b.listOwnedPorts(OwnerFilter.ALL)).containsExactlyInAnyOrderElementsOf(before);
        assertThat(l.nbctl("--bare", "--columns=name", "list", "Logical_Switch_Port"))
                .isEqualTo(lspsBefore);
        // and the addresses refused as busy are free again once their holder goes
        assertThat(b.deletePort(held.id())).isTrue();
        assertThat(b.createPort(req(red, "after", "0a:00:00:87:00:05", "10.87.0.5"))
                        .fixedIps())
                .containsExactly("10.87.0.5");
    }

    @Test
    void eightThreadsCallingCreatePortsOnOneNetworkNeverGetOneAddressTwice(Lab l) throws Exception {
        NetworkBackend one = backend(l);
        NetworkBackend two = backend(l);
        Network net = network(
                one, new NetworkSpec("it-race", new NetworkSpec.SubnetSpec("10.88.0.0/24", null, null), null, null));
        Network seenByTwo = two.findNetwork("it-race").orElseThrow();
        List<Callable<List<BackendPort>>> tasks = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            NetworkBackend b = t % 2 == 0 ? one : two;
            Network n = t % 2 == 0 ? net : seenByTwo;
            String thread = "t" + t;
            tasks.add(() -> {
                List<BackendPort> mine = new ArrayList<>();
                for (int round = 0; round < 5; round++) {
                    mine.addAll(b.createPorts(List.of(
                            req(n, thread + "-" + round + "-a", null), req(n, thread + "-" + round + "-b", null))));
                }
                return mine;
            });
        }
        // then all eight ask for the same static address (and a dynamic one): exactly one call wins, whole
        for (int t = 0; t < 8; t++) {
            NetworkBackend b = t % 2 == 0 ? one : two;
            Network n = t % 2 == 0 ? net : seenByTwo;
            String thread = "s" + t;
            tasks.add(() -> {
                try {
                    return b.createPorts(
                            List.of(req(n, thread + "-dyn", null), req(n, thread + "-fixed", null, "10.88.0.200")));
                } catch (BackendException e) {
                    assertThat(e.reason()).isEqualTo(BackendException.Reason.CONFLICT);
                    assertThat(e.getMessage())
                            .matches(
                                    "10\\.88\\.0\\.200 on network it-race is in use by port s\\d-fixed of Pod default/s\\d-fixed");
                    return List.of();
                }
            });
        }
        List<BackendPort> ports = new ArrayList<>();
        int winners = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<List<BackendPort>>> futures = new ArrayList<>();
            tasks.subList(0, 8).forEach(task -> futures.add(pool.submit(task)));
            for (Future<List<BackendPort>> f : futures) {
                ports.addAll(f.get());
            }
            futures.clear();
            tasks.subList(8, 16).forEach(task -> futures.add(pool.submit(task)));
            for (Future<List<BackendPort>> f : futures) {
                List<BackendPort> got = f.get();
                winners += got.isEmpty() ? 0 : 1;
                ports.addAll(got);
            }
        }
        assertThat(winners).isEqualTo(1);
        assertThat(ports).hasSize(82);
        assertThat(ports.stream().flatMap(p -> p.fixedIps().stream()).distinct())
                .hasSize(82);
        assertThat(ports.stream().map(BackendPort::macAddress).distinct()).hasSize(82);
        // what the database holds: as many ports as answered, no address twice
        String addresses = l.nbctl(
                "--bare",
                "--columns=addresses",
                "find",
                "Logical_Switch_Port",
                "external_ids:kubetron\\:network=it-race");
        List<String> rows = List.of(addresses.strip().split("\\s*\\n\\s*\\n?\\s*")).stream()
                .filter(x -> !x.isBlank())
                .toList();
        assertThat(rows).hasSize(82);
        assertThat(rows.stream().map(r -> r.split("\\s+")[1]).distinct()).hasSize(82);
    }
}
