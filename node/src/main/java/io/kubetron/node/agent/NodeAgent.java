package io.kubetron.node.agent;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubetron.common.exec.Exec;
import io.kubetron.common.http.Check;
import io.kubetron.common.http.ProbeServer;
import io.kubetron.common.retry.Backoff;
import io.kubetron.common.retry.Wait;
import io.kubetron.common.settings.Durations;
import io.kubetron.common.signing.ReloadingSigningKeys;
import io.kubetron.model.ResourceNames;
import io.kubetron.node.deviceplugin.DeviceHolders;
import io.kubetron.node.deviceplugin.DevicePluginService;
import io.kubetron.node.deviceplugin.UnixGrpc;
import io.kubetron.node.metrics.NodeMetrics;
import io.kubetron.node.netns.PodNetnsFinder;
import io.kubetron.node.ovn.UnixctlControllerProbe;
import io.kubetron.node.plumbing.DhcpClient;
import io.kubetron.node.plumbing.NetworkParams;
import io.kubetron.node.plumbing.OvsPorts;
import io.kubetron.node.plumbing.Plumber;
import io.kubetron.node.plumbing.PlumbingPlanner;
import io.kubetron.node.reconcile.NodeInventory;
import io.kubetron.node.reconcile.NodePods;
import io.kubetron.node.reconcile.NodeSweep;
import io.kubetron.node.reconcile.Outcome;
import io.kubetron.node.reconcile.PodReconciler;
import io.kubetron.node.reconcile.SpecCheck;
import io.kubetron.node.reconcile.WorkQueue;
import io.kubetron.node.status.PodStatusWriter;
import io.kubetron.ovsdb.OvsdbClient;
import io.kubetron.ovsdb.replica.Replica;
import io.kubetron.ovsdb.vswitch.VswitchOps;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent, running: the device plugin, an informer on this node's Pods feeding a work queue of bounded
 * concurrency that plumbs each Pod ({@link PodReconciler}), a sweep at start and every {@code resync}
 * ({@link NodeSweep}), PreStartContainer answered once the Pod's networks are ready, and the metrics and probe
 * endpoint. Holds no state of its own beyond caches: everything it made is found again on OVS and in the kernel, so it
 * may be killed at any moment. Thread-safe; {@link #close()} stops it and leaves the Pods' interfaces in place.
 */
public final class NodeAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);
    /** Below the kubelet's own PreStartContainer deadline (30 s), so the kubelet hears our reason, not a timeout. */
    private static final Duration PRE_START_TIMEOUT = Duration.ofSeconds(25);

    private final NodeAgentSettings settings;
    private final NodeMetrics metrics = new NodeMetrics();
    private ReloadingSigningKeys keys;
    private OvsdbClient ovs;
    private Replica vswitch;
    private WorkQueue queue;
    private NodePods pods;
    private NodeSweep sweep;
    private DevicePluginService devicePlugin;
    private DeviceHolders holders;
    private UnixGrpc grpc;
    private PodNetnsFinder finder;
    private ScheduledExecutorService timer;
    private java.util.concurrent.ScheduledFuture<?> firstSweeps;
    private ProbeServer http;
    private volatile boolean swept;

    private NodeAgent(NodeAgentSettings settings) {
        this.settings = settings;
    }

    /**
     * Starts the agent on the caller's Kubernetes client (left open by {@link #close()}).
     *
     * @throws RuntimeException when a part cannot start (OVSDB unreachable, port taken...): nothing is left running
     */
    public static NodeAgent start(NodeAgentSettings settings, KubernetesClient client) {
        NodeAgent agent = new NodeAgent(settings);
        try {
            agent.startParts(client);
            return agent;
        } catch (RuntimeException e) {
            agent.close();
            throw e;
        }
    }

    private void startParts(KubernetesClient client) {
        LOG.info(
                "node agent starting node={} ovsdb={} bridge={} mode={} concurrency={} resync={}",
                settings.nodeName(),
                settings.ovsdb(),
                settings.bridge(),
                settings.addressMode(),
                settings.concurrency(),
                Durations.format(settings.resync()));
        // first: without a key set no Pod's networksSpec can be checked, so none could be plugged
        keys = ReloadingSigningKeys.open(settings.signingKeys());
        metrics.signingKeys(keys);
        ovs = OvsdbClient.connect(settings.ovsdb());
        vswitch = Replica.start(ovs, VswitchOps.DB, VswitchOps.monitorAll());
        Exec exec = new Exec(Map.of(), Duration.ofSeconds(30));
        var datapath = settings.datapathNetns().orElse(null);
        Plumber plumber = new Plumber(
                exec,
                new OvsPorts(ovs, vswitch, settings.bridge()),
                new DhcpClient(exec, settings.stateDir().resolve("udhcpc-hook.sh"), settings.dhcpAttempts()),
                datapath,
                settings.installTimeout());
        NodeInventory inventory = new NodeInventory(vswitch, exec, datapath);
        PodStatusWriter status = new PodStatusWriter(client, settings.nodeName(), Clock.systemUTC());
        ReconcilerRef ref = new ReconcilerRef();
        queue = new WorkQueue(
                "kubetron-node",
                settings.concurrency(),
                ref::reconcile,
                Backoff.exponential(Duration.ofMillis(250), Duration.ofSeconds(30)));
        pods = NodePods.start(settings.nodeName(), client, settings.fieldSelector(), queue::add);
        finder = new PodNetnsFinder(settings.proc());
        ref.target = new PodReconciler(
                new SpecCheck(keys),
                pods,
                inventory,
                finder,
                new PlumbingPlanner(settings.addressMode(), settings.mtu()),
                plumber,
                status,
                metrics,
                new NetworkParams(settings.mtu(), null));
        sweep = new NodeSweep(pods, inventory, plumber, queue, metrics);
        metrics.gauges(() -> inventory.ownedInterfaces().size(), queue::depth);

        grpc = new UnixGrpc(1);
        holders = new DeviceHolders(grpc, settings.podResourcesSocket());
        devicePlugin = DevicePluginService.start(
                settings.devicePlugin(),
                vswitch,
                new UnixctlControllerProbe(settings.ovnRundir(), Duration.ofSeconds(2)),
                settings.preStart() ? this::beforeStart : null);

        timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("kubetron-node-sweep").factory());
        // the first sweep as soon as the Pod list is complete, then every resync
        firstSweeps = timer.scheduleWithFixedDelay(this::firstSweep, 0, 100, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(
                this::sweep, settings.resync().toMillis(), settings.resync().toMillis(), TimeUnit.MILLISECONDS);
        // plain HTTP: nothing here is secret or changes state; bound to the node address the probes use
        http = settings.metrics()
                .map(a -> ProbeServer.builder(a)
                        .threadName("kubetron-node-http")
                        .backlog(16)
                        .health(() -> Check.of(healthy(), "not ready"))
                        .readiness(() -> Check.of(ready(), "not ready"))
                        .metrics(metrics)
                        .start())
                .orElse(null);
        LOG.info("node agent started node={} resources={}", settings.nodeName(), devicePlugin.served());
    }

    /** Indirection so the queue (needed by the informer) can exist before the reconciler (which needs the informer). */
    private static final class ReconcilerRef {
        volatile PodReconciler target;

        Outcome reconcile(String uid) {
            PodReconciler t = target;
            return t == null ? Outcome.later() : t.reconcile(uid);
        }
    }

    private void firstSweep() {
        try {
            if (!swept && sweep.run()) {
                swept = true;
                firstSweeps.cancel(false);
                LOG.info(
                        "node agent in sync with the API pods_on_node={}",
                        pods.all().size());
            }
        } catch (RuntimeException e) {
            LOG.warn("first sweep failed, retrying error=\"{}\"", e.getMessage());
        }
    }

    private void sweep() {
        try {
            sweep.run();
        } catch (RuntimeException e) {
            LOG.warn("sweep failed error=\"{}\"", e.getMessage());
        }
    }

    /** PreStartContainer of {@code main}: which Pod, then its reconcile, waited for. */
    private CompletableFuture<Void> beforeStart(List<String> deviceIds) {
        String resource = settings.devicePlugin().qualified(ResourceNames.MAIN);
        return CompletableFuture.supplyAsync(() -> holders.holder(resource, deviceIds)
                        .orElseThrow(() -> new IllegalStateException(
                                "the kubelet reports no Pod holding " + resource + " " + deviceIds)))
                .thenCompose(name -> {
                    Pod pod = awaitPod(name.namespace(), name.name());
                    String uid = pod.getMetadata().getUid();
                    if (sandboxWithoutProcess(uid)) {
                        // The kubelet calls PreStartContainer after RunPodSandbox returned (kubernetes/kubernetes
                        // pkg/kubelet/kuberuntime/kuberuntime_manager.go SyncPod, then startContainer ->
                        // GenerateRunContainerOptions -> the device manager), so a runtime with an infra process
                        // has it running now. None means a sandbox without one (CRI-O with drop_infra_ctr): the
                        // first process of the Pod is the container this call is about, so waiting for it here would
                        // never end. The networks are plugged as soon as that container's process appears.
                        LOG.info(
                                "sandbox has no process yet, not holding the container back pod={}/{} uid={}",
                                name.namespace(),
                                name.name(),
                                uid);
                        queue.add(uid);
                        return CompletableFuture.completedFuture(Outcome.DONE);
                    }
                    return queue.addAndWait(uid);
                })
                .orTimeout(PRE_START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(outcome -> {
                    if (!outcome.ok()) {
                        throw new CompletionException(new IllegalStateException("networks not ready: "
                                + Optional.ofNullable(outcome.error()).orElse("the Pod's sandbox was not found")));
                    }
                    return null;
                });
    }

    /** No process of the Pod yet (an answer of the finder other than "none" lets the reconcile decide). */
    private boolean sandboxWithoutProcess(String uid) {
        try {
            return finder.find(uid).isEmpty();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The informer may be a moment behind the kubelet, which learned of the Pod from the same API. */
    private Pod awaitPod(String namespace, String name) {
        return Wait.upTo(Duration.ofSeconds(5))
                .every(Duration.ofMillis(50))
                .untilPresent(
                        "Pod " + namespace + "/" + name + " to be known on node " + settings.nodeName(),
                        () -> pods.find(namespace, name));
    }

    public NodeMetrics metrics() {
        return metrics;
    }

    /** The port of the metrics and probe endpoint (tests bind port 0), if it runs. */
    public Optional<Integer> httpPort() {
        return Optional.ofNullable(http).map(ProbeServer::port);
    }

    /** The device plugin's resources now, without namespace. */
    public java.util.Set<String> resources() {
        return devicePlugin.served();
    }

    public boolean healthy() {
        return ovs != null && ovs.isConnected() && vswitch != null && vswitch.isSynced();
    }

    /** Healthy, and the first sweep ran (the Pod list was complete and compared with the node). */
    public boolean ready() {
        return healthy() && swept;
    }

    /** Stops plumbing and serving; the Pods keep their interfaces (a restarted agent finds them). */
    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (http != null) {
            http.close(0);
        }
        // the kubelet's way in first, then the work, then what the work used
        for (AutoCloseable c : new AutoCloseable[] {devicePlugin, holders, queue, pods, vswitch, ovs, grpc, keys}) {
            if (c == null) {
                continue;
            }
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("stopping {}: {}", c.getClass().getSimpleName(), e.toString());
            }
        }
        LOG.info("node agent stopped node={}", settings.nodeName());
    }
}
