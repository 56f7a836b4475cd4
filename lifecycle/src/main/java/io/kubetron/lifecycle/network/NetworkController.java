package io.kubetron.lifecycle.network;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kubetron.backend.NetworkBackend;
import io.kubetron.common.retry.Backoff;
import io.kubetron.model.network.Network;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes backend networks follow the cluster's {@link Network} objects: an informer on Networks hands the names of
 * changed objects to a queue (informer rule: handlers stay short), and one worker thread reconciles them one at a
 * time ({@link NetworkReconciler}); a name queued twice is reconciled once. A reconcile that asks to look again
 * ({@link NetworkReconciler.Result#RETRY}) is queued again after the shared {@link Backoff}, per name; the
 * informer's resync queues every Network periodically, so what changed in the backend alone is seen too. Run only
 * by the lifecycle leader. Thread-safe.
 */
public final class NetworkController implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkController.class);
    /** Retries of one Network: 0.5 s doubling to 10 s, jittered. */
    public static final Backoff RETRY =
            Backoff.exponential(Duration.ofMillis(500), Duration.ofSeconds(10)).withJitter(0.2);

    private final SharedIndexInformer<Network> informer;
    private final NetworkReconciler reconciler;
    private final NetworkMetrics metrics;
    private final Backoff retry;
    private final ScheduledExecutorService worker;
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    /** Touched only on the worker. */
    private final Map<String, Backoff.Attempts> attempts = new ConcurrentHashMap<>();

    private NetworkController(
            KubernetesClient client,
            NetworkBackend backend,
            String identity,
            Duration resync,
            Backoff retry,
            NetworkMetrics metrics) {
        this.metrics = metrics;
        this.retry = retry;
        this.reconciler = new NetworkReconciler(
                new NetworkApi(client, identity, Clock.systemUTC()), backend, Clock.systemUTC(), metrics);
        this.worker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .daemon()
                .name("kubetron-networks-" + identity)
                .factory());
        this.informer = client.resources(Network.class).runnableInformer(resync.toMillis());
    }

    /**
     * Starts watching Networks and returns at once; the first list may fail (no CRD installed yet, no API server):
     * the informer keeps retrying and says so in the log.
     *
     * @param resync how often every Network is reconciled again, at least 1 s
     */
    public static NetworkController start(
            KubernetesClient client,
            NetworkBackend backend,
            String identity,
            Duration resync,
            Backoff retry,
            NetworkMetrics metrics) {
        NetworkController c = new NetworkController(
                client,
                backend,
                identity,
                resync.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : resync,
                retry,
                metrics);
        c.run();
        return c;
    }

    private void run() {
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Network n) {
                enqueue(n.getMetadata().getName(), Duration.ZERO);
            }

            @Override
            public void onUpdate(Network old, Network n) {
                enqueue(n.getMetadata().getName(), Duration.ZERO);
            }

            @Override
            public void onDelete(Network n, boolean finalStateUnknown) {
                // gone for good (its finalizer, if any, was removed by us): nothing left to do but to count
                worker.execute(this::count);
            }

            private void count() {
                metrics.observe(informer.getStore().list().stream()
                        .map(Network::getStatus)
                        .toList());
            }
        });
        informer.exceptionHandler((started, t) -> {
            LOG.warn(
                    "cannot watch Networks error=\"{}\"; retrying (is the CRD installed? kubectl apply -k deploy/)",
                    t.getMessage());
            return true;
        });
        informer.start();
        LOG.info("network controller started");
    }

    public boolean synced() {
        return informer.hasSynced();
    }

    private void enqueue(String name, Duration delay) {
        if (queued.add(name)) {
            worker.schedule(() -> work(name), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void work(String name) {
        queued.remove(name);
        NetworkReconciler.Result r;
        try {
            r = reconciler.reconcile(name);
        } catch (RuntimeException e) {
            LOG.warn("network reconcile failed name={} error=\"{}\"", name, e.toString());
            metrics.error("internal");
            r = NetworkReconciler.Result.RETRY;
        }
        metrics.reconciled(r);
        if (r == NetworkReconciler.Result.RETRY) {
            enqueue(name, attempts.computeIfAbsent(name, k -> retry.start()).next());
        } else {
            attempts.remove(name);
        }
        metrics.observe(
                informer.getStore().list().stream().map(Network::getStatus).toList());
    }

    /** Stops watching and reconciling (a reconcile in progress finishes). */
    @Override
    public void close() {
        informer.stop();
        worker.shutdown();
        try {
            if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            worker.shutdownNow();
        }
        LOG.info("network controller stopped");
    }
}
