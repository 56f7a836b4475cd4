package io.kubetron.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.kubetron.backend.BackendPort;
import io.kubetron.backend.Network;
import io.kubetron.backend.NetworkBackend;
import io.kubetron.backend.NetworkSpec;
import io.kubetron.backend.OwnerFilter;
import io.kubetron.backend.PortRequest;
import io.kubetron.backend.config.BackendSettings;
import io.kubetron.backend.config.Backends;
import io.kubetron.lab.Lab;
import io.kubetron.lifecycle.decision.Reason;
import io.kubetron.model.owner.PortOwner;
import io.kubetron.testkit.LabExtension;
import io.kubetron.testkit.NeutronLab;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The same controller on the Neutron backend (a real neutron-server from the lab): one test, every path. */
@ExtendWith(LabExtension.class)
@NeutronLab
@EnableKubernetesMockClient(crud = true)
class LifecycleNeutronIT {
    static KubernetesClient client;

    @Test
    void portsFollowTheirPodsOnNeutron(Lab lab) {
        var settings = new HashMap<>(lab.endpoints().variables(lab.config()));
        settings.put("KUBETRON_NEUTRON_TIMEOUT", "2m");
        try (NetworkBackend backend = Backends.open(BackendSettings.fromMap(settings, "neutron"))) {
            Network net = backend.findNetwork("lc-n-red")
                    .orElseGet(() -> backend.createNetwork(new NetworkSpec(
                            "lc-n-red", new NetworkSpec.SubnetSpec("10.93.0.0/24", null, List.of()), null, null)));
            try {
                BackendPort neverCreated = create(backend, net, "ghost");
                BackendPort deletedWhileDown = create(backend, net, "crashed");
                PodFixtures.forceDelete(client, PodFixtures.create(client, "it-lc", "crashed", deletedWhileDown));
                BackendPort living = create(backend, net, "alive");
                PodFixtures.create(client, "it-lc", "alive", living);
                BackendPort deletedWhileUp = create(backend, net, "leaving");
                Pod leaving = PodFixtures.create(client, "it-lc", "leaving", deletedWhileUp);

                LifecycleSettings s = LifecycleSettings.fromMap(java.util.Map.of())
                        .withIdentity("n1")
                        .withGrace(Duration.ofSeconds(3))
                        .withSweepInterval(Duration.ofMillis(500));
                try (LifecycleController c = LifecycleController.start(client, backend, s)) {
                    await().atMost(Duration.ofSeconds(60))
                            .until(() -> c.metrics().sweepsDone() >= 1);
                    PodFixtures.forceDelete(client, leaving);
                    await().atMost(Duration.ofSeconds(60))
                            .until(() -> ids(backend).equals(List.of(living.id())));
                    long sweeps = c.metrics().sweepsDone();
                    await().atMost(Duration.ofSeconds(60))
                            .until(() -> c.metrics().sweepsDone() >= sweeps + 5);
                    assertThat(ids(backend)).containsExactly(living.id());
                    assertThat(c.metrics().deleted(Reason.NO_POD)).isEqualTo(2);
                    assertThat(c.metrics().deleted(Reason.POD_GONE)).isEqualTo(1);
                }
            } finally {
                backend.listOwnedPorts(OwnerFilter.parse("it-lc")).forEach(p -> backend.deletePort(p.id()));
                backend.deleteNetwork("lc-n-red");
            }
        }
    }

    private static BackendPort create(NetworkBackend backend, Network net, String pod) {
        return backend.createPort(new PortRequest(
                net, "lc-n-red-" + pod, new PortOwner("it-lc", pod, null, null, "req-" + pod), null, null));
    }

    private static List<String> ids(NetworkBackend backend) {
        return backend.listOwnedPorts(OwnerFilter.parse("it-lc")).stream()
                .map(BackendPort::id)
                .toList();
    }
}
