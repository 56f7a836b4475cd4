package io.kubetron.lifecycle.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubetron.backend.BackendPort;
import io.kubetron.model.owner.PortOwner;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeciderTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final Duration GRACE = Duration.ofMinutes(3);
    private static final PortHistory NEW = PortHistory.firstSeen(NOW);
    private static final PortHistory OLD = PortHistory.firstSeen(NOW.minus(Duration.ofMinutes(5)));

    private static BackendPort port(String id, PortOwner owner) {
        return new BackendPort(id, "red-abc", "net-1", "red", "0a:00:00:00:00:01", List.of("10.0.0.2"), owner);
    }

    private static PortOwner named(String ns, String name) {
        return new PortOwner(ns, name, null, null, "req-1");
    }

    private static PodView pod(String ns, String name, String uid, String... ports) {
        return new PodView(ns, name, uid, Set.of(ports), true);
    }

    private static Decision decide(BackendPort p, PortHistory h, PodView... pods) {
        return Decider.decide(p, PodIndex.of(List.of(pods)), h, NOW, GRACE);
    }

    @Test
    void aPodListingThePortKeepsItHoweverOld() {
        Decision d = decide(port("p1", named("a", "web")), OLD, pod("a", "web", "u1", "p1"));
        assertThat(d.reason()).isEqualTo(Reason.CLAIMED);
        assertThat(d.delete()).isFalse();
        assertThat(d.claimant()).isEqualTo("u1");
    }

    @Test
    void aFinishedPodListingThePortReleasesItAtOnce() {
        PodView done = new PodView("a", "job-x", "u1", Set.of("p1"), true, true);
        Decision d = decide(port("p1", named("a", "job-x")), NEW, done);
        assertThat(d.reason()).isEqualTo(Reason.POD_FINISHED);
        assertThat(d.delete()).isTrue();
        assertThat(d.detail()).contains("Pod a/job-x has finished");
    }

    @Test
    void aPodOfAnotherNameOrNamespaceListingThePortDoesNotKeepIt() {
        assertThat(decide(port("p1", named("a", "web")), OLD, pod("a", "evil", "u9", "p1"))
                        .reason())
                .isEqualTo(Reason.NO_POD);
        assertThat(decide(port("p1", named("a", "web")), OLD, pod("b", "web", "u9", "p1"))
                        .reason())
                .isEqualTo(Reason.NO_POD);
    }

    @Test
    void withoutAPodAPortIsKeptDuringTheGracePeriodThenDeleted() {
        BackendPort p = port("p1", named("a", "web"));
        Decision young = decide(p, PortHistory.firstSeen(NOW.minus(Duration.ofMinutes(2))));
        assertThat(young.reason()).isEqualTo(Reason.IN_GRACE);
        assertThat(young.detail()).contains("no Pod a/web yet").contains("2m of a 3m grace period");
        Decision old = decide(p, PortHistory.firstSeen(NOW.minus(GRACE)));
        assertThat(old.reason()).isEqualTo(Reason.NO_POD);
        assertThat(old.delete()).isTrue();
        assertThat(old.detail()).isEqualTo("no Pod a/web for 3m");
    }

    @Test
    void aKnownUidWithoutItsPodIsDeletedAtOnce() {
        BackendPort p = port("p1", new PortOwner("a", "web", null, "u1", "req-1"));
        Decision d = decide(p, NEW);
        assertThat(d.reason()).isEqualTo(Reason.POD_GONE);
        assertThat(d.detail()).isEqualTo("Pod a/web (uid u1) no longer exists");
    }

    @Test
    void aRememberedClaimIsEvidenceTheUidWasKnown() {
        Decision d = decide(port("p1", named("a", "web")), NEW.claimedBy("u1"));
        assertThat(d.reason()).isEqualTo(Reason.POD_GONE);
    }

    @Test
    void aNewPodWithTheSameNameDoesNotKeepTheOldPodsPort() {
        BackendPort p = port("p1", new PortOwner("a", "web-0", null, "u1", "req-1"));
        Decision d = decide(p, NEW, pod("a", "web-0", "u2", "p2"));
        assertThat(d.reason()).isEqualTo(Reason.POD_REPLACED);
        assertThat(d.detail()).contains("is now uid u2, not u1");
    }

    @Test
    void theNamedPodWithoutNetworksSpecKeepsItsPort() {
        Decision d = decide(port("p1", named("a", "web")), OLD, new PodView("a", "web", "u1", Set.of(), false));
        assertThat(d.reason()).isEqualTo(Reason.POD_EXISTS);
    }

    @Test
    void theNamedPodListingOtherPortsSupersedesThisOneAfterTheGracePeriod() {
        BackendPort p = port("p1", named("a", "web"));
        assertThat(decide(p, NEW, pod("a", "web", "u1", "p2")).reason()).isEqualTo(Reason.IN_GRACE);
        assertThat(decide(p, OLD, pod("a", "web", "u1", "p2")).reason()).isEqualTo(Reason.SUPERSEDED);
    }

    @Test
    void aGenerateNameOwnerIsMatchedOnlyByAPodListingThePortUnderThatPrefix() {
        BackendPort p = port("p1", new PortOwner("a", null, "job-", null, "req-1"));
        assertThat(decide(p, OLD, pod("a", "job-x7k2q", "u1", "p1")).reason()).isEqualTo(Reason.CLAIMED);
        // a Pod of the prefix that does not list the port says nothing about it
        assertThat(decide(p, NEW, pod("a", "job-x7k2q", "u1", "p2")).reason()).isEqualTo(Reason.IN_GRACE);
        assertThat(decide(p, OLD, pod("a", "job-x7k2q", "u1", "p2")).reason()).isEqualTo(Reason.NO_POD);
        assertThat(decide(p, OLD, pod("a", "other-1", "u1", "p1")).reason()).isEqualTo(Reason.NO_POD);
        assertThat(decide(p, OLD).detail()).contains("a/job-*").contains("generateName");
    }

    @Test
    void aPodWithAnotherUidListingThePortDoesNotKeepAPortWhoseUidIsKnown() {
        BackendPort p = port("p1", new PortOwner("a", "web", null, "u1", "req-1"));
        assertThat(decide(p, NEW, pod("a", "web", "u2", "p1")).reason()).isEqualTo(Reason.POD_REPLACED);
        assertThat(decide(p, NEW, pod("a", "web", "u1", "p1")).reason()).isEqualTo(Reason.CLAIMED);
    }

    @Test
    void portsWithoutOwnerAreNeverDecidedOn() {
        BackendPort foreign = port("x", null);
        assertThat(Decider.decide(List.of(foreign), PodIndex.of(List.of()), Map.of(), NOW, Duration.ZERO))
                .isEmpty();
        assertThatThrownBy(() -> decide(foreign, OLD)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPortMissingFromTheHistoryIsFirstSeenNow() {
        List<Decision> ds =
                Decider.decide(List.of(port("p1", named("a", "web"))), PodIndex.of(List.of()), Map.of(), NOW, GRACE);
        assertThat(ds).singleElement().extracting(Decision::reason).isEqualTo(Reason.IN_GRACE);
        assertThat(Decider.decide(
                        List.of(port("p1", named("a", "web"))), PodIndex.of(List.of()), Map.of(), NOW, Duration.ZERO))
                .singleElement()
                .extracting(Decision::reason)
                .isEqualTo(Reason.NO_POD);
    }
}
