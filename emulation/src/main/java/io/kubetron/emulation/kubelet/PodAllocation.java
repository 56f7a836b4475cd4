package io.kubetron.emulation.kubelet;

import java.util.List;

/**
 * Devices the emulated kubelet gave one container of a Pod, as its PodResources API reports them. Immutable.
 */
public record PodAllocation(
        String podUid,
        String namespace,
        String podName,
        String container,
        String resourceName,
        List<String> deviceIds) {
    public PodAllocation {
        deviceIds = List.copyOf(deviceIds);
    }
}
