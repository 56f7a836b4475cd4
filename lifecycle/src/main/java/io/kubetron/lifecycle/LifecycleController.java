package io.kubetron.lifecycle;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubetron.backend.NetworkBackend;
import io.kubetron.lifecycle.decision.PodView;
import io.kubetron.lifecycle.metrics.LifecycleMetrics;
import io.kubetron.lifecycle.network.NetworkController;
import io.kubetron.lifecycle.pods.ApiPods;
import io.kubetron.lifecycle.pods.PodCache;
import io.kubetron.lifecycle.sweep.AdmissionFollowUp;
import io.kubetron.lifecycle.sweep.PodDeletions;
import io.kubetron.lifecycle.sweep.PortHistoryBook;
import io.kubetron.lifecycle.sweep.Reaper;
import io.kubetron.lifecycle.sweep.Sweeper;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The port lifecycle controller: makes ports follow their Pods on either backend, and backend networks follow the
 * cluster's Network objects ({@link NetworkController}). Every replica campaigns for a Lease; the leader alone
 * reconciles Networks, watches Pods (deleting a deleted Pod's ports at once) and sweeps every owned port at start
 * and every {@link LifecycleSettings#sweepInterval()} (see {@link io.kubetron.lifecycle.decision.Decider} for what
 * a sweep deletes). All work runs on one worker thread, so sweeps and deletions never overlap. Start it beside the
 * webhook's server:
 *
 * <pre>{@code
 * LifecycleController lifecycle = LifecycleController.start(backend, LifecycleSettings.fromMap(environment));
 * ...
 * lifecycle.close();
 * }</pre>
 *
 * Thread-safe.
 */
public final class LifecycleController implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LifecycleController.class);
    private final KubernetesClient client;
    private final boolean ownsClient;
    private final LifecycleSettings settings;
    private final LifecycleMetrics metrics = new LifecycleMetrics();
    private final ScheduledExecutorService worker;
    private final Sweeper sweeper;
    private final PodDeletions deletions;
    private final ConcurrentLinkedQueue<PodView> deleted = new ConcurrentLinkedQueue<>();
    private final Leadership leadership;
    private final AdmissionFollowUp followUp;
    private final NetworkBackend backend;
    /** Touched only on the worker thread; runs while leading. */
    private NetworkController networks;
    /** Touched only on the worker thread. */
    private PodCache cache;

    private ScheduledFuture<?> sweeps;

    private LifecycleController(
            KubernetesClient client, boolean ownsClient, NetworkBackend backend, LifecycleSettings settings) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.settings = settings;
        this.backend = backend;
        this.worker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .daemon()
                .name("kubetron-lifecycle-" + settings.identity())
                .factory());
        PortHistoryBook book = new PortHistoryBook();
        Clock clock = Clock.systemUTC();
        Reaper reaper = new Reaper(backend, new ApiPods(client), book, settings.grace(), metrics);
        this.sweeper = new Sweeper(
                backend,
                () -> cache == null ? List.of() : cache.snapshot(),
                book,
                reaper,
                settings.grace(),
                clock,
                metrics);
        this.deletions = new PodDeletions(backend, reaper, clock);
        this.followUp = new AdmissionFollowUp(backend, new ApiPods(client), settings.admissionCheck(), metrics);
        this.leadership =
                new Leadership(client, settings, () -> worker.execute(this::lead), () -> worker.execute(this::follow));
    }

    /**
     * Starts the controller with a Kubernetes client from the usual places (in-cluster service account, or
     * {@code KUBECONFIG}/{@code ~/.kube/config}); {@link #close()} closes that client.
     *
     * @param backend the backend whose ports to manage; stays the caller's (not closed here)
     */
    public static LifecycleController start(NetworkBackend backend, LifecycleSettings settings) {
        return start(new KubernetesClientBuilder().build(), true, backend, settings);
    }

    /** Starts the controller on the caller's client, which {@link #close()} leaves open. */
    public static LifecycleController start(
            KubernetesClient client, NetworkBackend backend, LifecycleSettings settings) {
        return start(client, false, backend, settings);
    }

    private static LifecycleController start(
            KubernetesClient client, boolean owns, NetworkBackend backend, LifecycleSettings settings) {
        LifecycleController c = new LifecycleController(client, owns, backend, settings);
        LOG.info(
                "lifecycle controller starting backend={} grace_s={} sweep_s={} lease={}/{} me={}",
                backend.kind(),
                settings.grace().toSeconds(),
                settings.sweepInterval().toSeconds(),
                settings.leaseNamespace(),
                settings.leaseName(),
                settings.identity());
        c.leadership.start();
        return c;
    }

    /**
     * The webhook made ports for an admission: checked {@link LifecycleSettings#admissionCheck()} later, on every
     * replica (leader or not), and deleted if no stored Pod lists them.
     */
    public void admitted(AdmissionFollowUp.Admitted a) {
        followUp.admitted(a);
    }

    public LifecycleMetrics metrics() {
        return metrics;
    }

    public boolean isLeader() {
        return leadership.isLeader();
    }

    /** On the worker: became the leader, so watch Pods and sweep now and periodically. */
    private void lead() {
        if (!leadership.isLeader()) {
            return;
        }
        metrics.leading(true);
        try {
            cache = PodCache.start(client, pod -> {
                deleted.add(pod);
                worker.execute(this::drainDeletions);
            });
        } catch (RuntimeException e) {
            LOG.warn("cannot watch Pods error=\"{}\"; retrying at the next sweep", e.getMessage());
        }
        sweeps = worker.scheduleWithFixedDelay(
                this::sweep, 0, settings.sweepInterval().toMillis(), TimeUnit.MILLISECONDS);
        // the Network objects, under the same lease: one replica creates and deletes backend networks
        networks = NetworkController.start(
                client,
                backend,
                settings.identity(),
                networkResync(settings.sweepInterval()),
                NetworkController.RETRY,
                metrics.networks());
    }

    /** Networks are reconciled again as often as ports are swept, but at least every 10 minutes. */
    private static java.time.Duration networkResync(java.time.Duration sweep) {
        java.time.Duration max = java.time.Duration.ofMinutes(10);
        return sweep.compareTo(max) > 0 ? max : sweep;
    }

    /** On the worker: lost or gave up leadership, so stop acting. */
    private void follow() {
        metrics.leading(false);
        if (sweeps != null) {
            sweeps.cancel(false);
            sweeps = null;
        }
        if (cache != null) {
            cache.close();
            cache = null;
        }
        if (networks != null) {
            networks.close();
            networks = null;
        }
        deleted.clear();
    }

    private void sweep() {
        if (!leadership.isLeader()) {
            return;
        }
        try {
            if (cache == null) {
                cache = PodCache.start(client, pod -> {
                    deleted.add(pod);
                    worker.execute(this::drainDeletions);
                });
            }
            if (!cache.synced()) {
                LOG.info("sweep postponed: the Pod cache is not synced yet");
                return;
            }
            sweeper.sweep(false, leadership::isLeader);
        } catch (RuntimeException e) {
            // logged and counted by the sweeper (or here, if the watch could not start); the next sweep retries
            LOG.debug("sweep ended early", e);
        }
    }

    private void drainDeletions() {
        List<PodView> batch = new ArrayList<>();
        for (PodView p; (p = deleted.poll()) != null; ) {
            batch.add(p);
        }
        if (batch.isEmpty() || !leadership.isLeader()) {
            return;
        }
        try {
            deletions.handle(batch, leadership::isLeader);
        } catch (RuntimeException e) {
            LOG.warn("ports of deleted Pods left to the next sweep pods={} error=\"{}\"", batch.size(), e.getMessage());
        }
    }

    /** Stops acting, releases the Lease if held, and stops the worker (a sweep in progress finishes its port). */
    @Override
    public void close() {
        followUp.close();
        leadership.close();
        worker.execute(this::follow);
        worker.shutdown();
        try {
            if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            worker.shutdownNow();
        }
        if (ownsClient) {
            client.close();
        }
        LOG.info("lifecycle controller stopped me={}", settings.identity());
    }
}
