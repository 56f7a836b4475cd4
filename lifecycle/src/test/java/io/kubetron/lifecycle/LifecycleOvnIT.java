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
import io.kubetron.lifecycle.pods.ApiPods;
import io.kubetron.lifecycle.pods.PodCache;
import io.kubetron.lifecycle.sweep.Orphan;
import io.kubetron.lifecycle.sweep.PortHistoryBook;
import io.kubetron.lifecycle.sweep.Reaper;
import io.kubetron.lifecycle.sweep.SweepObserver;
import io.kubetron.lifecycle.sweep.SweepReport;
import io.kubetron.lifecycle.sweep.Sweeper;
import io.kubetron.model.owner.PortOwner;
import io.kubetron.testkit.LabExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The controller against the lab's real OVN Northbound and fabric8's mock API server (CRUD mode): ports follow
 * their Pods, across a crash of the controller, and nothing else is touched.
 */
@ExtendWith(LabExtension.class)
@EnableKubernetesMockClient(crud = true)
class LifecycleOvnIT {
    private static final Duration SHORT_GRACE = Duration.ofSeconds(2);
    static KubernetesClient client;

    private NetworkBackend backend;
    private Network red;
    private Network blue;
    private final List<LifecycleController> controllers = new ArrayList<>();

    @BeforeEach
    void setUp(Lab lab) {
        backend = Backends.open(BackendSettings.fromMap(
                Map.of("KUBETRON_OVN_NB", lab.endpoints().nb()), "ovn"));
        red = backend.findNetwork("lc-red")
                .orElseGet(() -> backend.createNetwork(new NetworkSpec(
                        "lc-red", new NetworkSpec.SubnetSpec("10.71.0.0/16", null, List.of()), null, null)));
        blue = backend.findNetwork("lc-blue")
                .orElseGet(() -> backend.createNetwork(new NetworkSpec(
                        "lc-blue", new NetworkSpec.SubnetSpec("10.72.0.0/16", null, List.of()), null, null)));
    }

    @AfterEach
    void tearDown() {
        controllers.forEach(LifecycleController::close);
        for (BackendPort p : backend.listOwnedPorts(OwnerFilter.ALL)) {
            backend.deletePort(p.id());
        }
        client.pods().inAnyNamespace().delete();
        client.leases().inAnyNamespace().delete();
        backend.close();
    }

    private BackendPort port(String namespace, String pod, String uid) {
        return port(red, namespace, pod, uid);
    }

    /** A port as the webhook makes it (one per network and Pod); the Pod's uid is not known at admission. */
    private BackendPort port(Network n, String namespace, String pod, String uid) {
        return backend.createPort(new PortRequest(
                n,
                n.name() + "-" + Long.toHexString(System.nanoTime()).substring(6),
                new PortOwner(namespace, pod, null, uid, "req-" + pod),
                null,
                null));
    }

    private LifecycleController start(String identity, Duration grace) {
        LifecycleSettings s = LifecycleSettings.fromMap(Map.of())
                .withIdentity(identity)
                .withGrace(grace)
                .withSweepInterval(Duration.ofMillis(200))
                .withLeaseTimings(Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(300));
        LifecycleController c = LifecycleController.start(client, backend, s);
        controllers.add(c);
        return c;
    }

    private boolean exists(BackendPort p) {
        return backend.listOwnedPorts(OwnerFilter.ALL).stream().anyMatch(q -> q.id().equals(p.id()));
    }

    @Test
    void portsOfAnAdmissionWhosePodNeverAppearedAreGoneAfterTheGracePeriod() {
        // the webhook's CREATE: owner = namespace + name + request uid; the Pod's uid is not known at admission
        BackendPort ghost = port("team-a", "never-created", null);
        Instant started = Instant.now();
        LifecycleController c = start("r1", SHORT_GRACE);

        await().atMost(Duration.ofSeconds(30)).until(() -> !exists(ghost));
        assertThat(Duration.between(started, Instant.now())).isGreaterThanOrEqualTo(SHORT_GRACE);
        assertThat(c.metrics().deleted(Reason.NO_POD)).isEqualTo(1);
    }

    @Test
    void portsOfAPodForceDeletedWhileTheControllerWasDownAreGoneAfterItStarts() {
        BackendPort withoutUid = port("team-a", "web-1", null);
        Pod pod = PodFixtures.create(client, "team-a", "web-2", port("team-a", "web-2", null));
        BackendPort withUid = port("team-a", "web-2", pod.getMetadata().getUid());
        PodFixtures.forceDelete(client, pod);
        BackendPort survivor = port("team-a", "web-3", null);
        PodFixtures.create(client, "team-a", "web-3", survivor);

        LifecycleController c = start("r1", SHORT_GRACE);
        // the Pod's uid is on the port: its Pod provably existed, so no grace period is needed
        await().atMost(Duration.ofSeconds(20)).until(() -> !exists(withUid));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> backend.listOwnedPorts(OwnerFilter.ALL).size() == 1);
        assertThat(exists(survivor)).isTrue();
        assertThat(exists(withoutUid)).isFalse();
        assertThat(c.metrics().deleted(Reason.POD_GONE)).isEqualTo(1);
        assertThat(c.metrics().deleted(Reason.NO_POD)).isEqualTo(2);
    }

    @Test
    void deletingAPodDeletesItsPortsAtOnceWhileTheControllerRuns() {
        BackendPort a = port(red, "team-b", "db-0", null);
        BackendPort b = port(blue, "team-b", "db-0", null);
        Pod pod = PodFixtures.create(client, "team-b", "db-0", a, b);
        // an hour of grace: only the Pod deletion itself can explain the ports going
        LifecycleController c = start("r1", Duration.ofHours(1));
        await().atMost(Duration.ofSeconds(20)).until(() -> c.metrics().sweepsDone() >= 1);
        assertThat(exists(a) && exists(b)).isTrue();

        client.pods().inNamespace("team-b").withName("db-0").delete();
        await().atMost(Duration.ofSeconds(20)).until(() -> !exists(a) && !exists(b));
        assertThat(c.metrics().deleted(Reason.POD_GONE)).isEqualTo(2);
        assertThat(pod.getMetadata().getUid()).isNotNull();
    }

    @Test
    void aLivingPodsPortsSurviveAThousandSweepsAndForeignPortsAreNeverTouched(Lab lab) {
        BackendPort a = port(red, "team-c", "api-0", null);
        BackendPort b = port(blue, "team-c", "api-0", null);
        PodFixtures.create(client, "team-c", "api-0", a, b);
        // a port on Kubetron's switch that Kubetron did not create: no owner tags
        lab.nbctl("lsp-add", "lc-red", "foreign-port");
        lab.nbctl("lsp-set-addresses", "foreign-port", "0a:00:00:00:aa:01 10.71.200.1");
        // a port tagged as Kubetron's creation but with no owner record
        lab.nbctl(
                "lsp-add",
                "lc-red",
                "half-tagged",
                "--",
                "lsp-set-options",
                "half-tagged",
                "",
                "--",
                "set",
                "Logical_Switch_Port",
                "half-tagged",
                "external_ids:kubetron\\:creator=kubetron");

        PortHistoryBook book = new PortHistoryBook();
        // no grace at all: the most aggressive setting there is
        Reaper reaper = new Reaper(backend, new ApiPods(client), book, Duration.ZERO, SweepObserver.NONE);
        try (PodCache cache = PodCache.start(client, pod -> {})) {
            Sweeper sweeper = new Sweeper(
                    backend, cache::snapshot, book, reaper, Duration.ZERO, Clock.systemUTC(), SweepObserver.NONE);
            for (int i = 0; i < 1000; i++) {
                SweepReport r = sweeper.sweep(false, () -> true);
                assertThat(r.orphans()).as("sweep %d", i).isEmpty();
                assertThat(r.kept()).as("sweep %d", i).containsEntry(Reason.CLAIMED, 2);
            }
        }
        assertThat(exists(a) && exists(b)).isTrue();
        assertThat(lab.nbctl("--bare", "--columns=name", "find", "Logical_Switch_Port", "name=foreign-port")
                        .strip())
                .isEqualTo("foreign-port");
        assertThat(lab.nbctl("--bare", "--columns=name", "find", "Logical_Switch_Port", "name=half-tagged")
                        .strip())
                .isEqualTo("half-tagged");
        lab.nbctl("lsp-del", "foreign-port");
        lab.nbctl("lsp-del", "half-tagged");
    }

    @Test
    void aStaleCacheNeverDeletesThePortOfAPodTheApiServerHas() {
        BackendPort named = port(red, "team-e", "fresh-0", null);
        PodFixtures.create(client, "team-e", "fresh-0", named);
        // known only by generateName: the live check must list the namespace to find the Pod
        BackendPort generated = backend.createPort(
                new PortRequest(blue, "blue-gen", new PortOwner("team-e", null, "job-", null, "req-job"), null, null));
        PodFixtures.create(client, "team-e", "job-x7k2q", generated);

        PortHistoryBook book = new PortHistoryBook();
        Reaper reaper = new Reaper(backend, new ApiPods(client), book, Duration.ZERO, SweepObserver.NONE);
        // a cache that has not seen the Pods yet, and no grace: the cache alone would delete both ports
        Sweeper sweeper =
                new Sweeper(backend, List::of, book, reaper, Duration.ZERO, Clock.systemUTC(), SweepObserver.NONE);
        SweepReport r = sweeper.sweep(false, () -> true);
        assertThat(r.orphans()).isEmpty();
        assertThat(exists(named) && exists(generated)).isTrue();

        client.pods().inNamespace("team-e").withName("job-x7k2q").delete();
        SweepReport after = sweeper.sweep(false, () -> true);
        assertThat(after.orphans()).singleElement().satisfies(o -> {
            assertThat(o.decision().port().id()).isEqualTo(generated.id());
            assertThat(o.decision().reason()).isEqualTo(Reason.NO_POD);
            assertThat(o.outcome()).isEqualTo(Orphan.Outcome.DELETED);
        });
        assertThat(exists(named)).isTrue();
        assertThat(exists(generated)).isFalse();
    }

    @Test
    void twoReplicasNeverBothSweep() {
        BackendPort orphan = port("team-d", "gone", null);
        LifecycleController one = start("replica-1", SHORT_GRACE);
        LifecycleController two = start("replica-2", SHORT_GRACE);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> one.metrics().sweepsDone() + two.metrics().sweepsDone() >= 20);
        LifecycleController leader = one.isLeader() ? one : two;
        LifecycleController follower = leader == one ? two : one;
        assertThat(follower.isLeader()).isFalse();
        assertThat(follower.metrics().sweepsDone()).isZero();
        await().atMost(Duration.ofSeconds(20)).until(() -> !exists(orphan));
        assertThat(leader.metrics().deleted(Reason.NO_POD)).isEqualTo(1);
        assertThat(follower.metrics().deleted(Reason.NO_POD)).isZero();

        // the leader leaves (a rollout): it releases the Lease and the other replica takes over
        leader.close();
        controllers.remove(leader);
        long ledSweeps = leader.metrics().sweepsDone();
        await().atMost(Duration.ofSeconds(20)).until(() -> follower.metrics().sweepsDone() >= 5);
        assertThat(leader.metrics().sweepsDone()).isEqualTo(ledSweeps);
        assertThat(follower.isLeader()).isTrue();
    }
}
