package io.kubetron.emulation.cri;

import java.nio.file.Path;

/**
 * What the kubelet of one node knows when it turns a Pod into CRI requests.
 *
 * @param name the node's name ({@code spec.nodeName} of the Pods here)
 * @param kubepods the top of the kubelet's cgroup tree, cgroupfs driver ({@code kubepods}; a lab's node has its own)
 * @param podsDir the kubelet's {@code /var/lib/kubelet/pods}: per Pod UID its volumes, hosts file and termination logs
 * @param logsDir the kubelet's {@code /var/log/pods}
 * @param memoryCapacity the node's memory in bytes (the OOM score of Burstable containers is relative to it)
 */
public record CriNode(String name, String kubepods, Path podsDir, Path logsDir, long memoryCapacity) {
    public CriNode {
        if (kubepods.startsWith("/") || kubepods.isBlank()) {
            throw new IllegalArgumentException("kubepods is a cgroup name without a slash: " + kubepods);
        }
    }
}
