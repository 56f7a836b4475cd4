package io.kubetron.backend.neutron;

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
import io.kubetron.common.tls.TlsContexts;
import io.kubetron.lab.Lab;
import io.kubetron.lab.NetnsPod;
import io.kubetron.lab.NetnsPods;
import io.kubetron.lab.neutron.NeutronEndpoints;
import io.kubetron.model.owner.PortOwner;
import io.kubetron.neutron.NeutronClient;
import io.kubetron.neutron.NeutronPort;
import io.kubetron.neutron.PortCreate;
import io.kubetron.ovsdb.OvsdbClient;
import io.kubetron.ovsdb.data.Row;
import io.kubetron.ovsdb.monitor.MonitorRequest;
import io.kubetron.ovsdb.replica.Replica;
import io.kubetron.testkit.LabExtension;
import io.kubetron.testkit.NeutronLab;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
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

/** The Neutron backend against a real neutron-server (ML2/OVN) that writes into the lab's own OVN. */
@ExtendWith(LabExtension.class)
@NeutronLab
class NeutronBackendIT {
    private NetworkBackend backend;
    private final List<String> networks = new ArrayList<>();

    private BackendSettings settings;

    private NetworkBackend backend(Lab lab) {
        var settings = new java.util.HashMap<>(lab.endpoints().variables(lab.config()));
        // one API worker on a shared 2-core machine: queued creates can wait longer than production's 30 s
        settings.put("KUBETRON_NEUTRON_TIMEOUT", "2m");
        this.settings = BackendSettings.fromMap(settings, "neutron");
        backend = Backends.open(this.settings);
        return backend;
    }

    /** A plain Neutron client, as another user of the cloud would make ports. */
    private NeutronClient raw() {
        return new NeutronClient(
                settings.neutron().auth(),
                TlsContexts.trusting(settings.neutron().caBundle()),
                settings.neutron().timeout(),
                false);
    }

    @AfterEach
    void cleanUp() {
        if (backend != null) {
            for (BackendPort p : backend.listOwnedPorts(OwnerFilter.parse("it"))) {
                backend.deletePort(p.id());
            }
            networks.forEach(backend::deleteNetwork);
            backend.close();
        }
    }

    private Network network(NetworkSpec spec) {
        networks.add(spec.name());
        return backend.createNetwork(spec);
    }

    private static PortOwner owner(String pod) {
        return new PortOwner("it", pod, null, null, "req-" + pod);
    }

    @Test
    void aNeutronPortIsAnOvnPortAndANamespaceGetsItsAddressByDhcp(Lab lab, NeutronEndpoints neutron, NetnsPods pods) {
        backend(lab);
        Network red = network(new NetworkSpec(
                "it-n-red", new NetworkSpec.SubnetSpec("10.91.0.0/24", null, List.of("10.91.0.53")), null, null));
        assertThat(red.physical()).isFalse();
        assertThat(red.subnets())
                .singleElement()
                .satisfies(s -> assertThat(s.gateway()).isEqualTo("10.91.0.1"));
        assertThat(backend.findNetwork("it-n-red")).map(Network::id).contains(red.id());
        assertThat(backend.findNetwork(red.id())).map(Network::name).contains("it-n-red");

        BackendPort p = backend.createPort(new PortRequest(red, "it-n-red-abcdef", owner("pod1"), null, null));
        assertThat(p.fixedIps()).singleElement().satisfies(ip -> assertThat(ip).startsWith("10.91.0."));
        assertThat(p.owner()).isEqualTo(owner("pod1"));
        assertThat(backend.listOwnedPorts(OwnerFilter.pod("it", "pod1")))
                .extracting(BackendPort::id)
                .containsExactly(p.id());

        // ML2/OVN wrote it to OVN: checked with our own OVSDB client
        try (OvsdbClient nb = OvsdbClient.connect(lab.endpoints().nb());
                Replica replica = Replica.start(
                        nb,
                        "OVN_Northbound",
                        List.of(MonitorRequest.of("Logical_Switch_Port", "name", "addresses", "dhcpv4_options")))) {
            Row lsp = replica.awaitRow(
                    "Logical_Switch_Port", r -> p.id().equals(r.string("name")), Duration.ofSeconds(10));
            assertThat(lsp.stringSet("addresses"))
                    .containsExactly(p.macAddress() + " " + p.fixedIps().get(0));
            assertThat(lsp.optional("dhcpv4_options", java.util.UUID.class)).isPresent();
        }

        NetnsPod pod = pods.create("neutron1");
        pod.plug("net1", p.id(), p.macAddress());
        assertThat(pod.dhcp("net1", false)).isEqualTo(p.fixedIps().get(0));

        assertThat(backend.deletePort(p.id())).isTrue();
        assertThat(backend.deletePort(p.id())).as("already gone is success").isFalse();
        assertThatThrownBy(() -> backend.createPort(new PortRequest(red, "x", owner("x"), null, List.of("10.92.0.5"))))
                .isInstanceOfSatisfying(
                        BackendException.class, e -> assertThat(e.reason()).isEqualTo(BackendException.Reason.INVALID))
                .hasMessage("10.92.0.5 is outside the subnets of network it-n-red (10.91.0.0/24)");
    }

    @Test
    void fiftyConcurrentCreatesGetDistinctAddresses(Lab lab) throws Exception {
        backend(lab);
        Network net = network(
                new NetworkSpec("it-n-busy", new NetworkSpec.SubnetSpec("10.93.0.0/24", null, null), null, null));
        List<Callable<BackendPort>> tasks = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String name = "busy-" + i;
            tasks.add(() -> backend.createPort(new PortRequest(net, name, owner(name), null, null)));
        }
        List<BackendPort> ports = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
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
        assertThat(backend.listOwnedPorts(OwnerFilter.parse("it")).stream()
                        .filter(p -> "it-n-busy".equals(p.networkName())))
                .hasSize(50);
    }

    @Test
    void aPhysicalNetworkIsAProviderNetworkWithALocalnetPortInOvn(Lab lab) {
        backend(lab);
        Network green = network(new NetworkSpec("it-n-green", null, "phys-net10", 100));
        assertThat(green.physicalNetwork()).isEqualTo("phys-net10");
        assertThat(green.vlan()).isEqualTo(100);
        String localnet = lab.nbctl(
                "--bare",
                "--columns=options,tag",
                "find",
                "Logical_Switch_Port",
                "type=localnet",
                "external_ids:neutron\\:network_name=" + "neutron-" + green.id());
        // ML2/OVN names the localnet port provnet-<segment>; find it through the switch instead
        String ports = lab.nbctl("--bare", "--columns=ports", "list", "Logical_Switch", "neutron-" + green.id());
        boolean found = false;
        for (String uuid : ports.split("\\s+")) {
            if (uuid.isBlank()) {
                continue;
            }
            if ("localnet"
                    .equals(lab.nbctl("get", "Logical_Switch_Port", uuid, "type")
                            .strip())) {
                assertThat(lab.nbctl("get", "Logical_Switch_Port", uuid, "options:network_name")
                                .strip())
                        .isEqualTo("phys-net10");
                assertThat(lab.nbctl("get", "Logical_Switch_Port", uuid, "tag").strip())
                        .isEqualTo("100");
                found = true;
            }
        }
        assertThat(found).as("a localnet port on the switch (" + localnet + ")").isTrue();
    }

    // ------------------------------------------------------------------- createPorts: bulk, static addresses

    private static PortRequest req(Network n, String name, String mac, String... ips) {
        return new PortRequest(n, name, owner(name), mac, List.of(ips));
    }

    @Test
    void aBulkOfTwoOnTwoNetworksAndOfTenOnOneAreEachOneRequest(Lab lab) {
        backend(lab);
        Network red = network(
                new NetworkSpec("it-n-bulk-r", new NetworkSpec.SubnetSpec("10.94.0.0/24", null, null), null, null));
        Network blue = network(
                new NetworkSpec("it-n-bulk-b", new NetworkSpec.SubnetSpec("10.95.0.0/24", null, null), null, null));
        List<BackendPort> two = backend.createPorts(List.of(req(red, "pod-red", null), req(blue, "pod-blue", null)));
        assertThat(two).extracting(BackendPort::name).containsExactly("pod-red", "pod-blue");
        assertThat(two).extracting(BackendPort::networkId).containsExactly(red.id(), blue.id());
        assertThat(two.get(0).fixedIps())
                .singleElement()
                .satisfies(ip -> assertThat(ip).startsWith("10.94.0."));
        assertThat(two.get(1).fixedIps())
                .singleElement()
                .satisfies(ip -> assertThat(ip).startsWith("10.95.0."));
        assertThat(two).extracting(BackendPort::owner).containsExactly(owner("pod-red"), owner("pod-blue"));

        List<PortRequest> ten = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ten.add(req(red, "ten-" + i, null));
        }
        List<BackendPort> made = backend.createPorts(ten);
        assertThat(made)
                .extracting(BackendPort::name)
                .containsExactlyElementsOf(ten.stream().map(PortRequest::name).toList());
        assertThat(made.stream().flatMap(p -> p.fixedIps().stream()).distinct()).hasSize(10);
        assertThat(made.stream().map(BackendPort::macAddress).distinct()).hasSize(10);
        assertThat(backend.listOwnedPorts(OwnerFilter.parse("it")).stream()
                        .filter(p -> "it-n-bulk-r".equals(p.networkName())))
                .hasSize(11);
    }

    @Test
    void aFixedIpAndMacAreHonouredInNeutronInOvnAndByDhcp(Lab lab, NetnsPods pods) {
        backend(lab);
        Network red = network(
                new NetworkSpec("it-n-static", new NetworkSpec.SubnetSpec("10.96.0.0/24", null, null), null, null));
        List<BackendPort> ports = backend.createPorts(
                List.of(req(red, "dyn", null), req(red, "fixed", "0A:00:00:96:00:50", "10.96.0.50")));
        BackendPort fixed = ports.get(1);
        assertThat(fixed.macAddress()).isEqualTo("0a:00:00:96:00:50");
        assertThat(fixed.fixedIps()).containsExactly("10.96.0.50");
        assertThat(ports.get(0).fixedIps()).doesNotContain("10.96.0.50");
        assertThat(raw().getPort(fixed.id())).hasValueSatisfying(p -> {
            assertThat(p.macAddress()).isEqualTo("0a:00:00:96:00:50");
            assertThat(p.fixedIps()).extracting(NeutronPort.FixedIp::ipAddress).containsExactly("10.96.0.50");
        });
        // ML2/OVN wrote exactly that into OVN, whose DHCP hands it to that MAC
        try (OvsdbClient nb = OvsdbClient.connect(lab.endpoints().nb());
                Replica replica = Replica.start(
                        nb, "OVN_Northbound", List.of(MonitorRequest.of("Logical_Switch_Port", "name", "addresses")))) {
            Row lsp = replica.awaitRow(
                    "Logical_Switch_Port", r -> fixed.id().equals(r.string("name")), Duration.ofSeconds(10));
            assertThat(lsp.stringSet("addresses")).containsExactly("0a:00:00:96:00:50 10.96.0.50");
        }
        NetnsPod pod = pods.create("neutronst");
        pod.plug("net1", fixed.id(), fixed.macAddress());
        assertThat(pod.dhcp("net1", false)).isEqualTo("10.96.0.50");
    }

    @Test
    void neutronsRefusalsNameTheAddressAndWhoHoldsItAndLeaveNothing(Lab lab) {
        backend(lab);
        Network red = network(new NetworkSpec(
                "it-n-refuse",
                new NetworkSpec.SubnetSpec("10.97.0.0/24", null, null, List.of("10.97.0.200-10.97.0.210")),
                null,
                null));
        BackendPort held = backend.createPort(req(red, "holder", "0a:00:00:97:00:05", "10.97.0.5"));
        NeutronClient other = raw();
        NeutronPort foreign = other.createPort(new PortCreate(
                red.id(),
                "foreign",
                "0a:00:00:97:00:99",
                List.of(new NeutronPort.FixedIp(null, "10.97.0.99")),
                null,
                null,
                null,
                null));
        try {
            List<BackendPort> before = backend.listOwnedPorts(OwnerFilter.ALL);
            // a stale view of the network: its subnet list says 10.98.0.0/24, Neutron says no
            Network stale = new Network(
                    red.id(),
                    red.name(),
                    null,
                    null,
                    null,
                    List.of(new Network.Subnet(red.subnets().get(0).id(), "10.98.0.0/24", null, List.of())));
            Map<PortRequest, String> refusals = new LinkedHashMap<>();
            // Neutron's own refusals (409 IpAddressAlreadyAllocated, 409 MacAddressInUse, 400 InvalidIpForSubnet)
            refusals.put(
                    req(red, "x", null, "10.97.0.5"),
                    "10.97.0.5 on network it-n-refuse is in use by port holder of Pod it/holder");
            refusals.put(
                    req(red, "x", null, "10.97.0.99"),
                    "10.97.0.99 on network it-n-refuse is in use by a port not created by Kubetron (" + foreign.id()
                            + ")");
            refusals.put(
                    req(red, "x", "0a:00:00:97:00:05"),
                    "MAC 0a:00:00:97:00:05 on network it-n-refuse is in use by port holder of Pod it/holder");
            refusals.put(
                    req(red, "x", "0a:00:00:97:00:99"),
                    "MAC 0a:00:00:97:00:99 on network it-n-refuse is in use by a port not created by Kubetron ("
                            + foreign.id() + ")");
            refusals.put(
                    req(stale, "x", null, "10.98.0.5"),
                    "10.98.0.5 is outside the subnets of network it-n-refuse (10.98.0.0/24)");
            // refused before asking
            refusals.put(
                    req(red, "x", null, "10.2.0.5"),
                    "10.2.0.5 is outside the subnets of network it-n-refuse (10.97.0.0/24)");
            refusals.put(
                    req(red, "x", null, "10.97.0.1"),
                    "10.97.0.1 is the gateway of network it-n-refuse; ask for another address");
            refusals.put(
                    req(red, "x", null, "10.97.0.205"),
                    "10.97.0.205 is excluded from the addresses of network it-n-refuse (excluded range "
                            + "10.97.0.200-10.97.0.210); ask for another address");
            for (var e : refusals.entrySet()) {
                // the bad request second: Neutron's bulk create must not keep the good first one
                assertThatThrownBy(() -> backend.createPorts(List.of(req(red, "good", null), e.getKey())))
                        .isInstanceOf(BackendException.class)
                        .hasMessage(e.getValue());
            }
            assertThatThrownBy(() -> backend.createPorts(
                            List.of(req(red, "a", null, "10.97.0.7"), req(red, "b", null, "10.97.0.7"))))
                    .hasMessage("10.97.0.7 on network it-n-refuse is asked for twice in one request (ports a and b)");
            assertThat(backend.listOwnedPorts(OwnerFilter.ALL)).containsExactlyInAnyOrderElementsOf(before);
            assertThat(other.listPorts(Map.of("network_id", red.id())))
                    .extracting(NeutronPort::id)
                    .containsExactlyInAnyOrder(held.id(), foreign.id());
        } finally {
            other.deletePort(foreign.id());
        }
    }

    @Test
    void eightThreadsCallingCreatePortsOnOneNetworkNeverGetOneAddressTwice(Lab lab) throws Exception {
        backend(lab);
        Network net = network(
                new NetworkSpec("it-n-race", new NetworkSpec.SubnetSpec("10.99.0.0/24", null, null), null, null));
        List<Callable<List<BackendPort>>> dynamic = new ArrayList<>();
        List<Callable<List<BackendPort>>> contended = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            String thread = "t" + t;
            dynamic.add(() -> {
                List<BackendPort> mine = new ArrayList<>();
                for (int round = 0; round < 2; round++) {
                    mine.addAll(backend.createPorts(List.of(
                            req(net, thread + "-" + round + "-a", null), req(net, thread + "-" + round + "-b", null))));
                }
                return mine;
            });
            String s = "s" + t;
            contended.add(() -> {
                try {
                    return backend.createPorts(
                            List.of(req(net, s + "-dyn", null), req(net, s + "-fixed", null, "10.99.0.200")));
                } catch (BackendException e) {
                    assertThat(e.reason()).isEqualTo(BackendException.Reason.CONFLICT);
                    assertThat(e.getMessage())
                            .matches(
                                    "10\\.99\\.0\\.200 on network it-n-race is in use by port s\\d-fixed of Pod it/s\\d-fixed");
                    return List.of();
                }
            });
        }
        List<BackendPort> ports = new ArrayList<>();
        int winners = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            // the contended address first: Neutron allocates at random, so a dynamic port made before could hold it
            for (Future<List<BackendPort>> f : pool.invokeAll(contended)) {
                List<BackendPort> got = f.get();
                winners += got.isEmpty() ? 0 : 1;
                ports.addAll(got);
            }
            for (Future<List<BackendPort>> f : pool.invokeAll(dynamic)) {
                ports.addAll(f.get());
            }
        }
        assertThat(winners).isEqualTo(1);
        assertThat(ports).hasSize(34);
        assertThat(ports.stream().flatMap(p -> p.fixedIps().stream()).distinct())
                .hasSize(34);
        assertThat(ports.stream().map(BackendPort::macAddress).distinct()).hasSize(34);
        assertThat(backend.listOwnedPorts(OwnerFilter.parse("it")).stream()
                        .filter(p -> "it-n-race".equals(p.networkName())))
                .hasSize(34);
    }
}
