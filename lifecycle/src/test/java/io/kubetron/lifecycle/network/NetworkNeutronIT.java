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
import io.kubetron.testkit.NeutronLab;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Network objects on the Neutron backend (a real neutron-server from the lab): one test, every path. */
@ExtendWith(LabExtension.class)
@NeutronLab
@EnableKubernetesMockClient(crud = true)
class NetworkNeutronIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    static KubernetesClient client;

    @Test
    void declaredAdoptedAndDeletedNetworksOnNeutron(Lab lab) {
        var settings = new HashMap<>(lab.endpoints().variables(lab.config()));
        settings.put("KUBETRON_NEUTRON_TIMEOUT", "2m");
        NetworkFixtures.installCrd(client);
        try (NetworkBackend backend = Backends.open(BackendSettings.fromMap(settings, "neutron"))) {
            io.kubetron.backend.Network legacy = backend.findNetwork("it-n-legacy")
                    .orElseGet(() -> backend.createNetwork(new NetworkSpec(
                            "it-n-legacy", new NetworkSpec.SubnetSpec("10.95.0.0/24", null, List.of()), null, null)));
            LifecycleSettings s = LifecycleSettings.fromMap(Map.of())
                    .withIdentity("net-n1")
                    .withGrace(Duration.ofHours(1))
                    .withSweepInterval(Duration.ofSeconds(2));
            try (LifecycleController c = LifecycleController.start(client, backend, s)) {
                // declared: a Neutron network with its owner, allocation pools around the excluded range, the MTU
                Network red = NetworkFixtures.declared("it-n-red", "10.94.0.0/24", List.of("10.94.0.2-10.94.0.9"));
                red.getSpec().getDeclare().setMtu(1300);
                String uid = create(client, red).getMetadata().getUid();
                await().atMost(WAIT).until(() -> says(client, "it-n-red", "Ready", "True", "Created"));
                io.kubetron.backend.Network n = backend.findNetwork("it-n-red").orElseThrow();
                Network seen = get(client, "it-n-red").orElseThrow();
                assertThat(seen.getStatus().getBackendId()).isEqualTo(n.id());
                assertThat(n.ownerUid()).isEqualTo(uid);
                assertThat(n.mtu()).isEqualTo(1300);
                assertThat(n.subnets().get(0).excludeRanges()).containsExactly("10.94.0.2-10.94.0.9");
                assertThat(n.subnets().get(0).dhcp()).isTrue();
                assertThat(condition(client, "it-n-red", "Degraded")
                                .orElseThrow()
                                .getStatus())
                        .as("what Neutron reports matches the spec")
                        .isEqualTo("False");
                // 254 hosts less the gateway, the 8 excluded, and what Neutron's own ports (DHCP/metadata) hold
                assertThat(seen.getStatus().getFreeAddresses()).isBetween(240L, 245L);

                // adopted: found by name, reported, never deleted
                create(client, NetworkFixtures.adopting("it-n-adopted", "it-n-legacy"));
                await().atMost(WAIT).until(() -> says(client, "it-n-adopted", "Ready", "True", "Adopted"));
                assertThat(get(client, "it-n-adopted").orElseThrow().getStatus().getBackendId())
                        .isEqualTo(legacy.id());

                // deletion waits for the last port
                BackendPort port = backend.createPort(new PortRequest(
                        n, "it-n-red-a", new PortOwner("it-net", "pod-a", null, null, "req-a"), null, null));
                client.resources(Network.class).withName("it-n-red").delete();
                await().atMost(WAIT).until(() -> says(client, "it-n-red", "Ready", "False", "PortsInUse"));
                assertThat(backend.findNetwork("it-n-red")).isPresent();
                backend.deletePort(port.id());
                await().atMost(WAIT).until(() -> get(client, "it-n-red").isEmpty());
                assertThat(backend.findNetwork("it-n-red")).isEmpty();
                assertThat(eventReasons(client, "it-n-red")).containsSubsequence("Created", "PortsInUse", "Deleted");

                client.resources(Network.class).withName("it-n-adopted").delete();
                await().atMost(WAIT).until(() -> get(client, "it-n-adopted").isEmpty());
                long sweeps = c.metrics().sweepsDone();
                await().atMost(WAIT).until(() -> c.metrics().sweepsDone() >= sweeps + 2);
                assertThat(backend.findNetwork("it-n-legacy")).isPresent();
            } finally {
                backend.listOwnedPorts(OwnerFilter.parse("it-net")).forEach(p -> backend.deletePort(p.id()));
                backend.findNetwork("it-n-red").ifPresent(x -> backend.deleteNetwork(x.id()));
                backend.deleteNetwork("it-n-legacy");
            }
        }
    }
}
