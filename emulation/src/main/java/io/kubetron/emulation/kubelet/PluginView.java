package io.kubetron.emulation.kubelet;

import java.util.List;

/**
 * What the emulated kubelet knows of one registered resource, as the real one would show it in the Node's capacity
 * (all devices) and allocatable (healthy devices). Immutable.
 *
 * @param resourceName {@code <namespace>/<name>}
 * @param endpoint the plugin's socket name in the device-plugins directory
 * @param registrations how many times the plugin registered with this kubelet (incarnations included)
 * @param connected whether its ListAndWatch stream is open (false once the plugin ended it or went away)
 * @param preStartRequired what the plugin answered to GetDevicePluginOptions
 * @param devices the latest device list, each {@code id=Healthy|Unhealthy}
 */
public record PluginView(
        String resourceName,
        String endpoint,
        int registrations,
        boolean connected,
        boolean preStartRequired,
        List<DeviceView> devices) {
    public PluginView {
        devices = List.copyOf(devices);
    }

    /** A device as last reported. */
    public record DeviceView(String id, boolean healthy) {}

    /** Devices the scheduler could use now: none while the stream is closed. */
    public long allocatable() {
        return connected ? devices.stream().filter(DeviceView::healthy).count() : 0;
    }

    /** Devices the node reports in its capacity: none while the stream is closed. */
    public long capacity() {
        return connected ? devices.size() : 0;
    }
}
