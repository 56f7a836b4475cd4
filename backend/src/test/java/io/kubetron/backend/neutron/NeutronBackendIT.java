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
import io.kubetron.lab.Lab;
import io.kubetron.lab.NetnsPod;
import io.kubetron.lab.NetnsPods;
import io.kubetron.lab.neutron.NeutronEndpoints;
import io.kubetron.model.owner.PortOwner;
import io.kubetron.ovsdb.OvsdbClient;
import io.kubetron.ovsdb.data.Row;
import io.kubetron.ovsdb.monitor.MonitorRequest;
import io.kubetron.ovsdb.replica.Replica;
import io.kubetron.testkit.LabExtension;
import io.kubetron.testkit.NeutronLab;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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

    private NetworkBackend backend(Lab lab) {
        var settings = new java.util.HashMap<>(lab.endpoints().variables(lab.config()));
        // one API worker on a shared 2-core machine: queued creates can wait longer than production's 30 s
        settings.put("KUBETRON_NEUTRON_TIMEOUT", "2m");
        backend = Backends.open(BackendSettings.fromMap(settings, "neutron"));
        return backend;
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
                .isInstanceOf(BackendException.class)
                .hasMessageStartingWith("Neutron: create port x on network");
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
}
