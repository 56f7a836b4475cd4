package io.kubetron.lifecycle;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes part in the election of the one replica that acts, through a coordination.k8s.io Lease (fabric8's
 * {@link LeaderElector} with a {@link LeaseLock}). fabric8's elector ends after losing the lease; this class starts
 * it again, so a replica that lost leadership stays a candidate. Thread-safe.
 */
public final class Leadership implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);
    private final KubernetesClient client;
    private final LifecycleSettings settings;
    private final Runnable onStart;
    private final Runnable onStop;
    private final AtomicBoolean leading = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ScheduledExecutorService restarts = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("kubetron-lifecycle-election").factory());
    private volatile CompletableFuture<?> running;

    /**
     * @param onStart called when this replica becomes the leader
     * @param onStop called when it stops being the leader (lost the lease, or closing)
     */
    public Leadership(KubernetesClient client, LifecycleSettings settings, Runnable onStart, Runnable onStop) {
        this.client = client;
        this.settings = settings;
        this.onStart = onStart;
        this.onStop = onStop;
    }

    /** Starts campaigning; returns at once. */
    public void start() {
        campaign();
    }

    public boolean isLeader() {
        return leading.get();
    }

    private void campaign() {
        if (closed.get()) {
            return;
        }
        LeaderElector elector = client.leaderElector()
                .withConfig(new LeaderElectionConfigBuilder()
                        .withName(settings.leaseName())
                        .withLock(new LeaseLock(settings.leaseNamespace(), settings.leaseName(), settings.identity()))
                        .withLeaseDuration(settings.leaseDuration())
                        .withRenewDeadline(settings.renewDeadline())
                        .withRetryPeriod(settings.retryPeriod())
                        .withReleaseOnCancel(true)
                        .withLeaderCallbacks(new LeaderCallbacks(
                                this::started,
                                this::stopped,
                                leader -> LOG.info(
                                        "lifecycle leader lease={}/{} leader={} me={}",
                                        settings.leaseNamespace(),
                                        settings.leaseName(),
                                        leader,
                                        settings.identity())))
                        .build())
                .build();
        CompletableFuture<?> f = elector.start();
        running = f;
        f.whenComplete((v, e) -> {
            if (!closed.get()) {
                // lost the lease (or could not reach the API server): stay a candidate
                LOG.info(
                        "lifecycle election ended me={} error=\"{}\"; campaigning again",
                        settings.identity(),
                        e == null ? "" : e.toString());
                restarts.schedule(this::campaign, settings.retryPeriod().toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    private void started() {
        leading.set(true);
        LOG.info(
                "lifecycle leading lease={}/{} me={}",
                settings.leaseNamespace(),
                settings.leaseName(),
                settings.identity());
        onStart.run();
    }

    private void stopped() {
        if (leading.getAndSet(false)) {
            LOG.info("lifecycle stopped leading me={}", settings.identity());
            onStop.run();
        }
    }

    /** Stops campaigning and, if leading, releases the Lease so another replica takes over at once. */
    @Override
    public void close() {
        closed.set(true);
        CompletableFuture<?> f = running;
        if (f != null) {
            f.cancel(true);
        }
        restarts.shutdownNow();
        stopped();
    }
}
