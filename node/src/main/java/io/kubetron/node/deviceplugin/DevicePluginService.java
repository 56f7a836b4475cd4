package io.kubetron.node.deviceplugin;

import io.kubetron.node.ovn.ControllerProbe;
import io.kubetron.ovsdb.replica.Replica;
import java.util.Set;

/**
 * The node's device plugins, running: resources follow the Open_vSwitch database and ovn-controller's health, and
 * the plugins register again whenever the kubelet restarts. Thread-safe; {@link #close()} withdraws everything.
 */
public final class DevicePluginService implements AutoCloseable {
    private final UnixGrpc grpc;
    private final DevicePluginManager manager;
    private final KubeletWatcher watcher;
    private final NodeMonitor monitor;

    private DevicePluginService(
            UnixGrpc grpc, DevicePluginManager manager, KubeletWatcher watcher, NodeMonitor monitor) {
        this.grpc = grpc;
        this.manager = manager;
        this.watcher = watcher;
        this.monitor = monitor;
    }

    /**
     * Starts serving.
     *
     * @param vswitch a replica of the node's Open_vSwitch database with at least the Open_vSwitch and Bridge tables
     */
    public static DevicePluginService start(DevicePluginSettings settings, Replica vswitch, ControllerProbe probe) {
        return start(settings, vswitch, probe, null);
    }

    /**
     * Starts serving, with {@code preStart} run before the container holding {@code main} starts (null: no
     * PreStartContainer).
     */
    public static DevicePluginService start(
            DevicePluginSettings settings, Replica vswitch, ControllerProbe probe, PreStartHook preStart) {
        UnixGrpc grpc = new UnixGrpc(2);
        DevicePluginManager manager = new DevicePluginManager(settings, grpc, preStart);
        // watch before the first registration, so a kubelet starting in between is not missed
        KubeletWatcher watcher = new KubeletWatcher(settings.pluginDir(), manager::restartAll);
        NodeMonitor monitor = new NodeMonitor(
                vswitch, settings.integrationBridge(), probe, settings.healthInterval(), manager::apply);
        return new DevicePluginService(grpc, manager, watcher, monitor);
    }

    /** The resources served now (without the namespace). */
    public Set<String> served() {
        return manager.served();
    }

    @Override
    public void close() {
        monitor.close();
        watcher.close();
        manager.close();
        grpc.close();
    }
}
