package io.kubetron.lifecycle.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.kubetron.backend.BackendException;
import io.kubetron.backend.NetworkUsage;
import io.kubetron.lifecycle.network.Decision.Step;
import io.kubetron.model.network.AdoptedNetwork;
import io.kubetron.model.network.DeclaredNetwork;
import io.kubetron.model.network.Network;
import io.kubetron.model.network.NetworkSpec;
import io.kubetron.model.network.NetworkStatus;
import io.kubetron.model.network.Subnet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkDeciderTest {
    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
    private static final String UID = "6f1c3a52-0000-4000-8000-000000000001";

    private static Network declared(String cidr, boolean finalizer) {
        DeclaredNetwork d = new DeclaredNetwork();
        d.setSubnets(new ArrayList<>(List.of(Subnet.of(cidr))));
        Network n = Network.named("red");
        n.setSpec(NetworkSpec.declaring(d, null));
        n.getMetadata().setUid(UID);
        n.getMetadata().setGeneration(3L);
        if (finalizer) {
            n.getMetadata().setFinalizers(new ArrayList<>(List.of(Network.FINALIZER)));
        }
        return n;
    }

    private static Network adopted(String name) {
        Network n = Network.named("legacy");
        n.setSpec(NetworkSpec.adopting(AdoptedNetwork.byName(name), null));
        n.getMetadata().setUid(UID);
        return n;
    }

    private static io.kubetron.backend.Network backend(String cidr, String ownerUid) {
        return new io.kubetron.backend.Network(
                "ls-uuid-1",
                "red",
                null,
                null,
                null,
                List.of(new io.kubetron.backend.Network.Subnet(
                        "d1", cidr, Subnet.of(cidr).getCidr().replace(".0/24", ".1"), List.of(), true, List.of())),
                ownerUid);
    }

    private static Decision decide(Network n, Observation o) {
        return NetworkDecider.decide(n, o, "ovn", NOW);
    }

    private static Condition condition(Decision d, String type) {
        return d.status().condition(type).orElseThrow();
    }

    @Test
    void aNewDeclaredNetworkGetsItsFinalizerBeforeAnythingIsCreated() {
        Decision first = decide(declared("10.1.0.0/24", false), Observation.missing());
        assertThat(first.step()).isEqualTo(Step.ADD_FINALIZER);

        Decision second = decide(declared("10.1.0.0/24", true), Observation.missing());
        assertThat(second.step()).isEqualTo(Step.CREATE);
        assertThat(second.create().name()).isEqualTo("red");
        assertThat(second.create().ownerUid()).isEqualTo(UID);
        assertThat(second.create().dhcp()).isTrue();
        assertThat(second.create().subnet().cidr()).isEqualTo("10.1.0.0/24");
    }

    @Test
    void aCreatedNetworkIsReadyWithItsBackendIdPortsAndFreeAddresses() {
        Decision d = decide(
                declared("10.1.0.0/24", true),
                Observation.found(backend("10.1.0.0/24", UID), new NetworkUsage(2, 251L)));
        assertThat(d.step()).isEqualTo(Step.NONE);
        NetworkStatus s = d.status();
        assertThat(s.ready()).isTrue();
        assertThat(condition(d, "Ready").getReason()).isEqualTo("Created");
        assertThat(condition(d, "Ready").getMessage()).isEqualTo("ovn network red (ls-uuid-1) is ready");
        assertThat(condition(d, "Degraded").getStatus()).isEqualTo("False");
        assertThat(s.getBackendId()).isEqualTo("ls-uuid-1");
        assertThat(s.getBackendName()).isEqualTo("red");
        assertThat(s.getPortsInUse()).isEqualTo(2);
        assertThat(s.getFreeAddresses()).isEqualTo(251L);
        assertThat(s.getObservedGeneration()).isEqualTo(3L);
        assertThat(s.getAdopted()).isFalse();
        assertThat(d.retry()).isFalse();
    }

    @Test
    void aSameNamedNetworkNotCreatedForThisObjectIsNotTakenOver() {
        for (String otherOwner : new String[] {null, "someone-else"}) {
            Decision d = decide(
                    declared("10.1.0.0/24", true),
                    Observation.found(backend("10.1.0.0/24", otherOwner), new NetworkUsage(0, 253L)));
            assertThat(d.step()).isEqualTo(Step.NONE);
            assertThat(d.create()).isNull();
            assertThat(condition(d, "Ready").getStatus()).isEqualTo("False");
            assertThat(condition(d, "Degraded").getReason()).isEqualTo("NameTaken");
            assertThat(condition(d, "Degraded").getMessage())
                    .contains("not taken over")
                    .contains("spec.adopt.name: red")
                    .contains("spec.adopt.id: ls-uuid-1");
            assertThat(d.events()).singleElement().satisfies(e -> {
                assertThat(e.type()).isEqualTo("Warning");
                assertThat(e.reason()).isEqualTo("NameTaken");
            });
        }
    }

    @Test
    void aCidrChangeIsReportedAndNeverApplied() {
        Decision d = decide(
                declared("10.2.0.0/24", true),
                Observation.found(backend("10.1.0.0/24", UID), new NetworkUsage(1, 252L)));
        assertThat(d.step()).isEqualTo(Step.NONE);
        assertThat(condition(d, "Ready").getStatus()).isEqualTo("True");
        assertThat(condition(d, "Degraded").getStatus()).isEqualTo("True");
        assertThat(condition(d, "Degraded").getReason()).isEqualTo("ChangeNotApplied");
        assertThat(condition(d, "Degraded").getMessage())
                .contains("subnets[0].cidr is 10.1.0.0/24 in the backend, 10.2.0.0/24 in the spec")
                .contains("never recreates");
    }

    @Test
    void anInvalidSpecIsDegradedWithAMessageNamingTheFieldAndCreatesNothing() {
        Network n = declared("10.1.0.0/24", true);
        n.getSpec().getDeclare().getSubnets().get(0).setExcludeRanges(List.of("10.9.0.2-10.9.0.9"));
        n.getSpec().getDeclare().getSubnets().get(0).setGateway("10.1.0.255");
        Decision d = decide(n, Observation.missing());
        assertThat(d.step()).isEqualTo(Step.NONE);
        assertThat(condition(d, "Degraded").getReason()).isEqualTo("InvalidSpec");
        assertThat(condition(d, "Degraded").getMessage())
                .contains("spec.declare.subnets[0].excludeRanges: excluded range '10.9.0.2-10.9.0.9' is not inside")
                .contains("spec.declare.subnets[0].gateway 10.1.0.255 is the network or broadcast address");
        assertThat(condition(d, "Ready").getStatus()).isEqualTo("False");

        Network both = declared("10.1.0.0/24", true);
        both.getSpec().setAdopt(AdoptedNetwork.byName("x"));
        assertThat(condition(decide(both, Observation.missing()), "Degraded").getMessage())
                .contains("exactly one of spec.adopt");
    }

    @Test
    void anAdoptedNetworkIsReportedAndLosesAnyFinalizer() {
        Network n = adopted("ls-legacy");
        Decision found = decide(n, Observation.found(backend("10.1.0.0/24", null), new NetworkUsage(0, 253L)));
        assertThat(found.step()).isEqualTo(Step.NONE);
        assertThat(condition(found, "Ready").getReason()).isEqualTo("Adopted");
        assertThat(found.status().getAdopted()).isTrue();
        assertThat(found.events())
                .singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo("Adopted"));

        n.getMetadata().setFinalizers(new ArrayList<>(List.of(Network.FINALIZER)));
        assertThat(decide(n, Observation.missing()).step()).isEqualTo(Step.REMOVE_FINALIZER);
        n.getMetadata().setDeletionTimestamp("2026-12-04T10:00:00Z");
        assertThat(decide(n, Observation.found(backend("10.1.0.0/24", null), null))
                        .step())
                .isEqualTo(Step.REMOVE_FINALIZER);
    }

    @Test
    void aMissingAdoptedNetworkSaysWhatToDoAndIsLookedForAgain() {
        Decision d = decide(adopted("ls-legacy"), Observation.missing());
        assertThat(condition(d, "Ready").getReason()).isEqualTo("BackendNotFound");
        assertThat(condition(d, "Ready").getMessage())
                .isEqualTo("there is no ovn network named ls-legacy; create it in the backend, or correct spec.adopt");
        assertThat(d.retry()).isTrue();
    }

    @Test
    void deletionWaitsForTheLastPortThenDeletesTheBackendNetwork() {
        Network n = declared("10.1.0.0/24", true);
        n.getMetadata().setDeletionTimestamp("2026-12-04T10:00:00Z");
        Decision waiting = decide(n, Observation.found(backend("10.1.0.0/24", UID), new NetworkUsage(2, 251L)));
        assertThat(waiting.step()).isEqualTo(Step.NONE);
        assertThat(waiting.retry()).isTrue();
        assertThat(condition(waiting, "Ready").getReason()).isEqualTo("PortsInUse");
        assertThat(condition(waiting, "Ready").getMessage()).startsWith("2 port(s) are left on ovn network red");
        assertThat(waiting.status().getPortsInUse()).isEqualTo(2);

        Decision delete = decide(n, Observation.found(backend("10.1.0.0/24", UID), new NetworkUsage(0, 253L)));
        assertThat(delete.step()).isEqualTo(Step.DELETE_BACKEND);
        assertThat(delete.target()).isEqualTo("ls-uuid-1");
        assertThat(delete.events())
                .singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo("Deleted"));

        assertThat(decide(n, Observation.missing()).step()).isEqualTo(Step.REMOVE_FINALIZER);
        // a same-named network that is not this object's is never deleted
        assertThat(decide(n, Observation.found(backend("10.1.0.0/24", "other"), new NetworkUsage(0, 253L)))
                        .step())
                .isEqualTo(Step.REMOVE_FINALIZER);
        // no finalizer: nothing to do, the object goes
        n.getMetadata().setFinalizers(List.of());
        assertThat(decide(n, Observation.missing()).step()).isEqualTo(Step.NONE);
        assertThat(decide(n, Observation.missing()).status()).isNull();
    }

    @Test
    void aBackendOutageIsUnknownAndRetriedAndAnEventOnlyWhenTheConditionChanges() {
        BackendException down = new BackendException(BackendException.Reason.UNAVAILABLE, "OVN Northbound: refused");
        Network n = declared("10.1.0.0/24", true);
        Decision d = decide(n, Observation.failed(down));
        assertThat(condition(d, "Ready").getStatus()).isEqualTo("Unknown");
        assertThat(condition(d, "Ready").getReason()).isEqualTo("BackendUnavailable");
        assertThat(d.retry()).isTrue();
        assertThat(d.failure()).isTrue();
        assertThat(d.events()).hasSize(1);

        n.setStatus(d.status());
        Decision again = decide(n, Observation.failed(down));
        assertThat(again.events())
                .as("the same condition again: no second Event")
                .isEmpty();
        assertThat(again.status()).isEqualTo(d.status());
        // deletion during an outage deletes nothing
        n.getMetadata().setDeletionTimestamp("2026-12-04T10:00:00Z");
        assertThat(decide(n, Observation.failed(down)).step()).isEqualTo(Step.NONE);
    }

    @Test
    void aConditionKeepsItsTransitionTimeWhileItsStatusStays() {
        Network n = declared("10.1.0.0/24", true);
        Observation ok = Observation.found(backend("10.1.0.0/24", UID), new NetworkUsage(0, 253L));
        Decision first = decide(n, ok);
        n.setStatus(first.status());
        Decision later = NetworkDecider.decide(
                n,
                Observation.found(backend("10.1.0.0/24", UID), new NetworkUsage(5, 248L)),
                "ovn",
                NOW.plusSeconds(60));
        assertThat(condition(later, "Ready").getLastTransitionTime()).isEqualTo("2026-12-04T10:00:00Z");
        assertThat(later.status().getPortsInUse()).isEqualTo(5);
        assertThat(later.events()).isEmpty();
    }
}
