package io.kubetron.node.deviceplugin;

import io.kubetron.node.ovn.ControllerProbe;
import io.kubetron.ovsdb.replica.Replica;
import io.kubetron.ovsdb.replica.ReplicaChange;
import io.kubetron.ovsdb.replica.ReplicaListener;
import io.kubetron.ovsdb.vswitch.Bridge;
import io.kubetron.ovsdb.vswitch.OpenVSwitch;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the node's {@link NodeState}: the Open_vSwitch replica (bridge mappings, the integration bridge) at every
 * change, and ovn-controller's liveness every {@code interval}. Tells {@code sink} each time the state differs from
 * the last one told. All evaluation runs on one owned thread, so {@code sink} is never called concurrently and the
 * OVSDB event thread never waits on it. Thread-safe.
 */
final class NodeMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeMonitor.class);
    private final Replica vswitch;
    private final String bridge;
    private final ControllerProbe probe;
    private final Consumer<NodeState> sink;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon(true).name("node-monitor").unstarted(r));
    private final ReplicaListener listener = new ReplicaListener() {
        @Override
        public void onChange(ReplicaChange change) {
            submit(false);
        }
    };
    /** Only touched on the worker thread. */
    private NodeState last;

    private boolean controllerUp;
    /** Only touched on the worker thread. */
    private final ProbeDebounce debounce = new ProbeDebounce(ProbeDebounce.FAILURES_BEFORE_DOWN);

    /**
     * @param vswitch a replica of at least the Open_vSwitch and Bridge tables
     */
    public NodeMonitor(
            Replica vswitch, String bridge, ControllerProbe probe, Duration interval, Consumer<NodeState> sink) {
        this.vswitch = vswitch;
        this.bridge = bridge;
        this.probe = probe;
        this.sink = sink;
        vswitch.addListener(listener);
        worker.scheduleWithFixedDelay(() -> evaluate(true), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void submit(boolean reprobe) {
        try {
            worker.execute(() -> evaluate(reprobe));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed
        }
    }

    private void evaluate(boolean reprobe) {
        try {
            if (reprobe) {
                controllerUp = debounce.next(probe.isUp());
            }
            NodeState now = read(vswitch, bridge, controllerUp);
            if (!now.equals(last)) {
                last = now;
                LOG.info("node state: resources {}, {}", now.resources(), now.reason(bridge));
                sink.accept(now);
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot evaluate the node state", e);
        }
    }

    /** The state as the replica shows it now. */
    static NodeState read(Replica vswitch, String bridge, boolean controllerUp) {
        Set<String> physnets = vswitch.rows(OpenVSwitch.TABLE).stream()
                .findFirst()
                .map(OpenVSwitch::from)
                .map(o -> BridgeMappings.physnets(o.externalIds().get("ovn-bridge-mappings")))
                .orElse(Set.of());
        boolean present = vswitch.rows(Bridge.TABLE).stream().anyMatch(r -> bridge.equals(r.string("name")));
        return new NodeState(physnets, present, controllerUp);
    }

    @Override
    public void close() {
        vswitch.removeListener(listener);
        worker.shutdownNow();
    }
}
