package io.kubetron.lifecycle.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubetron.backend.BackendPort;
import io.kubetron.backend.Network;
import io.kubetron.backend.NetworkBackend;
import io.kubetron.backend.NetworkSpec;
import io.kubetron.backend.OwnerFilter;
import io.kubetron.backend.PortRequest;
import io.kubetron.lifecycle.decision.PodView;
import io.kubetron.lifecycle.decision.Reason;
import io.kubetron.lifecycle.pods.LivePods;
import io.kubetron.model.owner.PortOwner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AdmissionFollowUpTest {
    /** The backend's ports, by id; only listing and deletion are used. */
    private final Map<String, BackendPort> ports = new LinkedHashMap<>();

    private final List<PodView> pods = new ArrayList<>();
    private final List<Orphan> seen = new ArrayList<>();

    private final NetworkBackend backend = new NetworkBackend() {
        public String kind() {
            return "fake";
        }

        public List<Network> listNetworks() {
            return List.of();
        }

        public Optional<Network> findNetwork(String nameOrId) {
            return Optional.empty();
        }

        public Network createNetwork(NetworkSpec spec) {
            throw new UnsupportedOperationException();
        }

        public boolean deleteNetwork(String nameOrId) {
            return false;
        }

        public BackendPort createPort(PortRequest request) {
            throw new UnsupportedOperationException();
        }

        public List<BackendPort> createPorts(List<PortRequest> requests) {
            throw new UnsupportedOperationException();
        }

        public boolean deletePort(String portId) {
            return ports.remove(portId) != null;
        }

        public List<BackendPort> listOwnedPorts(OwnerFilter filter) {
            return ports.values().stream()
                    .filter(p -> filter.namespace() == null
                            || filter.namespace().equals(p.owner().namespace()))
                    .toList();
        }

        public void check() {}

        public void close() {}
    };

    private final LivePods live = new LivePods() {
        public Optional<PodView> get(String namespace, String name) {
            return pods.stream()
                    .filter(p -> p.namespace().equals(namespace) && p.name().equals(name))
                    .findFirst();
        }

        public List<PodView> list(String namespace) {
            return pods.stream().filter(p -> p.namespace().equals(namespace)).toList();
        }

        public List<PodView> listAll() {
            return List.copyOf(pods);
        }
    };

    private final AdmissionFollowUp followUp =
            new AdmissionFollowUp(backend, live, Duration.ofSeconds(20), new SweepObserver() {
                @Override
                public void orphan(Orphan o) {
                    seen.add(o);
                }
            });

    private void port(String id, String ns, String name, String generateName) {
        ports.put(
                id,
                new BackendPort(
                        id,
                        "red-" + id,
                        "net-1",
                        "red",
                        "0a:00:00:00:00:01",
                        List.of("10.0.0.2"),
                        new PortOwner(ns, name, generateName, null, "req-" + id)));
    }

    @Test
    void portsOfAPodThatWasStoredStay() {
        port("p1", "a", "web", null);
        pods.add(new PodView("a", "web", "u1", Set.of("p1"), true));
        assertThat(followUp.followUp(new AdmissionFollowUp.Admitted("a", "web", null, Set.of("p1"))))
                .isEmpty();
        assertThat(ports).containsKey("p1");
    }

    @Test
    void portsOfARefusedPodGoEvenWhenAnotherPodOfThatNameWasStoredWithOtherPorts() {
        port("p1", "a", "web", null);
        port("p2", "a", "web", null);
        // the request that made p1 was refused; a retry of the same name made p2 and was stored
        pods.add(new PodView("a", "web", "u2", Set.of("p2"), true));
        List<Orphan> out = followUp.followUp(new AdmissionFollowUp.Admitted("a", "web", null, Set.of("p1")));
        assertThat(out).singleElement().satisfies(o -> {
            assertThat(o.outcome()).isEqualTo(Orphan.Outcome.DELETED);
            assertThat(o.decision().reason()).isEqualTo(Reason.NEVER_STORED);
        });
        assertThat(ports).containsOnlyKeys("p2");
        assertThat(seen).hasSize(1);
    }

    @Test
    void aGenerateNamePodIsLookedForAmongTheNamespacesPods() {
        port("p1", "a", null, "web-7d9f-");
        port("p3", "a", null, "web-7d9f-");
        pods.add(new PodView("a", "web-7d9f-x2k4", "u3", Set.of("p3"), true));
        followUp.followUp(new AdmissionFollowUp.Admitted("a", null, "web-7d9f-", Set.of("p3")));
        assertThat(ports).containsKeys("p1", "p3");
        followUp.followUp(new AdmissionFollowUp.Admitted("a", null, "web-7d9f-", Set.of("p1")));
        assertThat(ports).containsOnlyKeys("p3");
    }
}
