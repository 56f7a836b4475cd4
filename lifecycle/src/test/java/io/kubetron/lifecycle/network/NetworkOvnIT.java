package io.kubetron.lifecycle.network;

import static io.kubetron.lifecycle.network.NetworkFixtures.condition;
import static io.kubetron.lifecycle.network.NetworkFixtures.create;
import static io.kubetron.lifecycle.network.NetworkFixtures.eventReasons;
import static io.kubetron.lifecycle.network.NetworkFixtures.get;
import static io.kubetron.lifecycle.network.NetworkFixtures.says;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.kubetron.backend.BackendPort;
import io.kubetron.backend.NetworkBackend;
import io.kubetron.backend.NetworkSpec;
import io.kubetron.backend.OwnerFilter;
import io.kubetron.backend.PortRequest;
import io.kubetron.backend.config.BackendSettings;
import io.kubetron.backend.config.Backends;
import io.kubetron.lab.Lab;
import io.kubetron.lifecycle.LifecycleController;
import io.kubetron.lifecycle.LifecycleSettings;
import io.kubetron.model.network.Network;
import io.kubetron.model.owner.PortOwner;
import io.kubetron.testkit.LabExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Network objects against the lab's real OVN Northbound and fabric8's mock API server (CRUD mode), through the
 * lifecycle controller as it runs in the webhook's Pods: what a user sees (status, Events) and what the backend holds.
 */
@ExtendWith(LabExtension.class)
@EnableKubernetesMockClient(crud = true)
class NetworkOvnIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    static KubernetesClient client;

    private Lab lab;
    private NetworkBackend backend;
    private LifecycleController controller;
    private final List<String> switches = new ArrayList<>();

    @BeforeEach
    void setUp(Lab l) {
        lab = l;
        backend = Backends.open(BackendSettings.fromMap(
                Map.of("KUBETRON_OVN_NB", lab.endpoints().nb()), "ovn"));
        NetworkFixtures.installCrd(client);
        controller = LifecycleController.start(
                client,
                backend,
                LifecycleSettings.fromMap(Map.of())
                        .withIdentity("net-it")
                        .withGrace(Duration.ofHours(1))
                        .withSweepInterval(Duration.ofSeconds(1))
                        .withLeaseTimings(Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(300)));
        await().atMost(WAIT).until(controller::isLeader);
    }

    @AfterEach
    void tearDown() {
        controller.close();
        for (BackendPort p : backend.listOwnedPorts(OwnerFilter.parse("it-net"))) {
            backend.deletePort(p.id());
        }
        for (String s : switches) {
            lab.nbctl("--if-exists", "ls-del", s);
            for (String d : lab.nbctl(
                            "--bare", "--columns=_uuid", "find", "DHCP_Options", "external_ids:kubetron\\:network=" + s)
                    .split("\\s+")) {
                if (!d.isBlank()) {
                    lab.nbctl("destroy", "DHCP_Options", d);
                }
            }
        }
        for (Network n : client.resources(Network.class).list().getItems()) {
            n.getMetadata().setFinalizers(List.of());
            client.resources(Network.class).resource(n).update();
            client.resources(Network.class).resource(n).delete();
        }
        client.v1().events().inAnyNamespace().delete();
        client.leases().inAnyNamespace().delete();
        backend.close();
    }

    private String nb(String... args) {
        return lab.nbctl(args).strip();
    }

    @Test
    void aDeclaredNetworkBecomesALogicalSwitchAndItsStatusSaysReadyWithTheSwitchId() {
        switches.add("it-net-red");
        Network n = NetworkFixtures.declared("it-net-red", "10.61.0.0/24", List.of("10.61.0.2-10.61.0.9"));
        n.getSpec().getDeclare().setMtu(1400);
        String uid = create(client, n).getMetadata().getUid();

        await().atMost(WAIT).until(() -> says(client, "it-net-red", "Ready", "True", "Created"));
        Network seen = get(client, "it-net-red").orElseThrow();
        io.kubetron.backend.Network sw = backend.findNetwork("it-net-red").orElseThrow();
        assertThat(seen.getStatus().getBackendId()).isEqualTo(sw.id());
        assertThat(seen.getStatus().getBackendName()).isEqualTo("it-net-red");
        assertThat(seen.getStatus().getAdopted()).isFalse();
        assertThat(seen.getStatus().getPortsInUse()).isZero();
        // 254 host addresses less the gateway and the 8 excluded
        assertThat(seen.getStatus().getFreeAddresses()).isEqualTo(245L);
        assertThat(seen.getMetadata().getFinalizers()).containsExactly(Network.FINALIZER);
        assertThat(condition(client, "it-net-red", "Degraded").orElseThrow().getStatus())
                .isEqualTo("False");
        assertThat(eventReasons(client, "it-net-red")).containsExactly("Created");

        // what OVN holds: the subnet, the excluded range after the gateway, DHCP with the MTU, the owner's uid
        assertThat(nb("get", "Logical_Switch", "it-net-red", "other_config:subnet"))
                .isEqualTo("\"10.61.0.0/24\"");
        assertThat(nb("get", "Logical_Switch", "it-net-red", "other_config:exclude_ips"))
                .isEqualTo("\"10.61.0.1 10.61.0.2..10.61.0.9\"");
        assertThat(nb("get", "Logical_Switch", "it-net-red", "external_ids:kubetron\\:network-object-uid"))
                .isEqualTo("\"" + uid + "\"");
        assertThat(nb(
                        "--bare",
                        "--columns=options",
                        "find",
                        "DHCP_Options",
                        "external_ids:kubetron\\:network=it-net-red"))
                .contains("mtu=1400")
                .contains("router=10.61.0.1");
        assertThat(sw.ownerUid()).isEqualTo(uid);
        assertThat(sw.mtu()).isEqualTo(1400);
        assertThat(sw.subnets().get(0).excludeRanges()).containsExactly("10.61.0.2-10.61.0.9");

        // a port taken: the status follows at the next resync
        backend.createPort(new PortRequest(sw, "it-net-red-a", owner("pod-a"), null, null));
        await().atMost(WAIT)
                .until(() -> Integer.valueOf(1)
                        .equals(get(client, "it-net-red")
                                .orElseThrow()
                                .getStatus()
                                .getPortsInUse()));
        assertThat(get(client, "it-net-red").orElseThrow().getStatus().getFreeAddresses())
                .isEqualTo(244L);
        assertThat(controller.metrics().networks().networks("Ready", "True")).isEqualTo(1);
    }

    @Test
    void aDeclaredNetworkWithoutDhcpGetsNoDhcpOptions() {
        switches.add("it-net-nodhcp");
        Network n = NetworkFixtures.declared("it-net-nodhcp", "10.62.0.0/24", List.of());
        n.getSpec().getDeclare().setDhcp(false);
        create(client, n);
        await().atMost(WAIT).until(() -> says(client, "it-net-nodhcp", "Ready", "True", "Created"));
        assertThat(nb("--bare", "--columns=_uuid", "find", "DHCP_Options", "cidr=\"10.62.0.0/24\""))
                .isEmpty();
        io.kubetron.backend.Network sw = backend.findNetwork("it-net-nodhcp").orElseThrow();
        assertThat(sw.subnets().get(0).dhcp()).isFalse();
        assertThat(sw.subnets().get(0).gateway()).isEqualTo("10.62.0.1");
        assertThat(condition(client, "it-net-nodhcp", "Degraded").orElseThrow().getStatus())
                .as("the backend matches the spec")
                .isEqualTo("False");
    }

    @Test
    void anAdoptedSwitchIsFoundReportedAndNeverDeleted() {
        switches.add("it-legacy");
        io.kubetron.backend.Network legacy = backend.createNetwork(
                new NetworkSpec("it-legacy", new NetworkSpec.SubnetSpec("10.63.0.0/24", null, List.of()), null, null));
        create(client, NetworkFixtures.adopting("it-adopted", "it-legacy"));

        await().atMost(WAIT).until(() -> says(client, "it-adopted", "Ready", "True", "Adopted"));
        Network seen = get(client, "it-adopted").orElseThrow();
        assertThat(seen.getStatus().getBackendId()).isEqualTo(legacy.id());
        assertThat(seen.getStatus().getBackendName()).isEqualTo("it-legacy");
        assertThat(seen.getStatus().getAdopted()).isTrue();
        assertThat(seen.getStatus().getFreeAddresses()).isEqualTo(253L);
        assertThat(seen.getMetadata().getFinalizers()).isNullOrEmpty();
        assertThat(eventReasons(client, "it-adopted")).containsExactly("Adopted");

        client.resources(Network.class).withName("it-adopted").delete();
        await().atMost(WAIT).until(() -> get(client, "it-adopted").isEmpty());
        // a few resyncs later the switch is still there, untouched
        long done = controller.metrics().sweepsDone();
        await().atMost(WAIT).until(() -> controller.metrics().sweepsDone() >= done + 3);
        assertThat(backend.findNetwork("it-legacy"))
                .get()
                .extracting(io.kubetron.backend.Network::id)
                .isEqualTo(legacy.id());
    }

    @Test
    void deletingADeclaredNetworkWaitsForItsLastPortThenDeletesTheSwitch() {
        switches.add("it-net-blue");
        create(client, NetworkFixtures.declared("it-net-blue", "10.64.0.0/24", List.of()));
        await().atMost(WAIT).until(() -> says(client, "it-net-blue", "Ready", "True", "Created"));
        io.kubetron.backend.Network sw = backend.findNetwork("it-net-blue").orElseThrow();
        BackendPort port = backend.createPort(new PortRequest(sw, "it-net-blue-a", owner("pod-a"), null, null));

        client.resources(Network.class).withName("it-net-blue").delete();
        await().atMost(WAIT).until(() -> says(client, "it-net-blue", "Ready", "False", "PortsInUse"));
        assertThat(condition(client, "it-net-blue", "Ready").orElseThrow().getMessage())
                .startsWith("1 port(s) are left on ovn network it-net-blue")
                .contains("delete the Pods using it");
        assertThat(get(client, "it-net-blue").orElseThrow().getMetadata().getDeletionTimestamp())
                .isNotNull();
        assertThat(backend.findNetwork("it-net-blue")).isPresent();
        assertThat(eventReasons(client, "it-net-blue")).contains("PortsInUse");

        backend.deletePort(port.id());
        await().atMost(WAIT).until(() -> get(client, "it-net-blue").isEmpty());
        assertThat(backend.findNetwork("it-net-blue")).isEmpty();
        assertThat(nb(
                        "--bare",
                        "--columns=_uuid",
                        "find",
                        "DHCP_Options",
                        "external_ids:kubetron\\:network=it-net-blue"))
                .isEmpty();
        assertThat(eventReasons(client, "it-net-blue")).containsSubsequence("Created", "PortsInUse", "Deleted");
    }

    @Test
    void anInvalidSpecIsDegradedWithTheMessageAndASwitchNotCreatedForTheObjectIsNotTakenOver() {
        create(client, NetworkFixtures.declared("it-net-bad", "10.65.0.0/24", List.of("10.66.0.2-10.66.0.9")));
        await().atMost(WAIT).until(() -> says(client, "it-net-bad", "Degraded", "True", "InvalidSpec"));
        assertThat(condition(client, "it-net-bad", "Degraded").orElseThrow().getMessage())
                .isEqualTo("spec.declare.subnets[0].excludeRanges: excluded range '10.66.0.2-10.66.0.9' is not "
                        + "inside the host addresses of 10.65.0.0/24");
        assertThat(condition(client, "it-net-bad", "Ready").orElseThrow().getStatus())
                .isEqualTo("False");
        assertThat(backend.findNetwork("it-net-bad")).isEmpty();
        assertThat(eventReasons(client, "it-net-bad")).containsExactly("InvalidSpec");

        // a switch of that name made by someone else (here: the CLI, without an owner object)
        switches.add("it-net-taken");
        io.kubetron.backend.Network taken = backend.createNetwork(new NetworkSpec(
                "it-net-taken", new NetworkSpec.SubnetSpec("10.67.0.0/24", null, List.of()), null, null));
        create(client, NetworkFixtures.declared("it-net-taken", "10.67.0.0/24", List.of()));
        await().atMost(WAIT).until(() -> says(client, "it-net-taken", "Degraded", "True", "NameTaken"));
        assertThat(condition(client, "it-net-taken", "Degraded").orElseThrow().getMessage())
                .contains("spec.adopt.name: it-net-taken");
        client.resources(Network.class).withName("it-net-taken").delete();
        await().atMost(WAIT).until(() -> get(client, "it-net-taken").isEmpty());
        assertThat(backend.findNetwork("it-net-taken"))
                .get()
                .extracting(io.kubetron.backend.Network::id)
                .isEqualTo(taken.id());
    }

    private static PortOwner owner(String pod) {
        return new PortOwner("it-net", pod, null, null, "req-" + pod);
    }
}
