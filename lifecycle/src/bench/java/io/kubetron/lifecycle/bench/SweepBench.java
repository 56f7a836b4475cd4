package io.kubetron.lifecycle.bench;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.kubetron.backend.Network;
import io.kubetron.backend.NetworkBackend;
import io.kubetron.backend.NetworkSpec;
import io.kubetron.backend.OwnerFilter;
import io.kubetron.backend.config.BackendSettings;
import io.kubetron.backend.config.Backends;
import io.kubetron.lab.Lab;
import io.kubetron.lab.LabConfig;
import io.kubetron.lifecycle.decision.Decider;
import io.kubetron.lifecycle.decision.PodIndex;
import io.kubetron.lifecycle.pods.ApiPods;
import io.kubetron.lifecycle.pods.PodCache;
import io.kubetron.lifecycle.sweep.PortHistoryBook;
import io.kubetron.lifecycle.sweep.Reaper;
import io.kubetron.lifecycle.sweep.SweepObserver;
import io.kubetron.lifecycle.sweep.SweepReport;
import io.kubetron.lifecycle.sweep.Sweeper;
import io.kubetron.model.Annotations;
import io.kubetron.model.NetworksSpec;
import io.kubetron.ovsdb.OvsdbClient;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * One sweep over N owned OVN ports and N Pods (default 10,000 each) against the time to list the ports once.
 * Everything real but the API server (fabric8's CRUD mock on loopback): a lab's OVN Northbound, the OVN backend's
 * replica, the informer. Prints a Markdown report. Knobs: {@code -Dbench.ports=10000 -Dbench.runs=5}.
 */
public final class SweepBench {
    public static void main(String[] args) throws Exception {
        int n = Integer.getInteger("bench.ports", 10_000);
        int runs = Integer.getInteger("bench.runs", 5);
        LabConfig config = LabConfig.named("ktlcb").withPorts(freePort(), freePort(), freePort());
        Lab lab = new Lab(config, line -> {});
        lab.up();
        KubernetesMockServer server = new KubernetesMockServer(
                new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        try (KubernetesClient client = server.createClient()) {
            Map<String, String> settings =
                    Map.of("KUBETRON_OVN_NB", lab.endpoints().nb());
            Network net;
            try (NetworkBackend setup = Backends.open(BackendSettings.fromMap(settings, "ovn"))) {
                net = setup.createNetwork(new NetworkSpec(
                        "bench-red", new NetworkSpec.SubnetSpec("10.80.0.0/16", null, List.of()), null, null));
            }
            long t = System.nanoTime();
            List<OwnedPorts.Made> ports;
            try (OvsdbClient nb = OvsdbClient.connect(lab.endpoints().nb())) {
                ports = OwnedPorts.create(nb, net, n, 1000);
            }
            double portsSec = secs(t);
            t = System.nanoTime();
            createPods(client, ports);
            double podsSec = secs(t);

            t = System.nanoTime();
            try (NetworkBackend backend = Backends.open(BackendSettings.fromMap(settings, "ovn"))) {
                double replicaSec = secs(t);
                t = System.nanoTime();
                try (PodCache cache = PodCache.start(client, pod -> {})) {
                    double informerSec = secs(t);
                    List<Double> list = new ArrayList<>();
                    List<Double> snapshot = new ArrayList<>();
                    List<Double> decide = new ArrayList<>();
                    List<Double> sweep = new ArrayList<>();
                    PortHistoryBook book = new PortHistoryBook();
                    Reaper reaper =
                            new Reaper(backend, new ApiPods(client), book, Duration.ofMinutes(3), SweepObserver.NONE);
                    Sweeper sweeper = new Sweeper(
                            backend,
                            cache::snapshot,
                            book,
                            reaper,
                            Duration.ofMinutes(3),
                            Clock.systemUTC(),
                            SweepObserver.NONE);
                    SweepReport last = null;
                    for (int r = 0; r < runs + 1; r++) { // run 0 warms up the JIT and is not counted
                        boolean count = r > 0;
                        var owned = time(() -> backend.listOwnedPorts(OwnerFilter.ALL), list, count);
                        var pods = time(cache::snapshot, snapshot, count);
                        time(
                                () -> Decider.decide(
                                        owned,
                                        PodIndex.of(pods),
                                        book.view(),
                                        java.time.Instant.now(),
                                        Duration.ofMinutes(3)),
                                decide,
                                count);
                        last = time(() -> sweeper.sweep(false, () -> true), sweep, count);
                        if (last.ports() != n || !last.orphans().isEmpty()) {
                            throw new IllegalStateException("unexpected sweep: " + last);
                        }
                    }
                    double l = median(list);
                    double s = median(sweep);
                    System.out.printf(
                            """
                            | What (N = %,d ports, %,d Pods) | Median of %d runs |
                            |---|---|
                            | list owned ports once (`listOwnedPorts(ALL)`, OVN replica) | %.1f ms |
                            | one full sweep (list + informer snapshot + decide + reap) | %.1f ms |
                            | **ratio sweep / list** | **%.2f** |
                            | of which: Pod snapshot from the informer (%,d Pods; views reused while resourceVersion is unchanged) | %.1f ms |
                            | of which: decision (pure function) | %.1f ms |
                            | sweep result | %,d kept (claimed), %d orphans |

                            Setup (not timed in the sweep): %,d LSPs in batches of 1,000: %.1f s; %,d Pods into the mock API
                            server: %.1f s; OVN backend replica sync of %,d rows: %.1f s; informer first list: %.1f s.
                            """,
                            n,
                            n,
                            runs,
                            l,
                            s,
                            s / l,
                            n,
                            median(snapshot),
                            median(decide),
                            last.ports(),
                            last.orphans().size(),
                            n,
                            portsSec,
                            n,
                            podsSec,
                            n,
                            replicaSec,
                            informerSec);
                }
            }
        } finally {
            server.destroy();
            lab.down();
        }
    }

    private static void createPods(KubernetesClient client, List<OwnedPorts.Made> ports) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Pod>> done = new ArrayList<>();
            for (OwnedPorts.Made m : ports) {
                String spec = NetworksSpec.of(
                                Map.of("bench-red", new NetworksSpec.Port(m.name(), m.id(), m.mac(), List.of(m.ip()))))
                        .toJson();
                Pod pod = new PodBuilder()
                        .withNewMetadata()
                        .withNamespace(m.namespace())
                        .withName(m.pod())
                        .withUid(java.util.UUID.randomUUID().toString())
                        .addToAnnotations(Annotations.NETWORKS_SPEC, spec)
                        .endMetadata()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("app")
                        .withImage("busybox")
                        .endContainer()
                        .endSpec()
                        .build();
                done.add(pool.submit(() ->
                        client.pods().inNamespace(m.namespace()).resource(pod).create()));
            }
            for (Future<Pod> f : done) {
                f.get();
            }
        }
    }

    private static <T> T time(Supplier<T> s, List<Double> into, boolean count) {
        long t = System.nanoTime();
        T v = s.get();
        if (count) {
            into.add((System.nanoTime() - t) / 1e6);
        }
        return v;
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    private static double secs(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static int freePort() throws IOException {
        return io.kubetron.lab.FreePorts.next();
    }
}
