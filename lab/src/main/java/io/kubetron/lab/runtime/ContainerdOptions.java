package io.kubetron.lab.runtime;

import java.nio.file.Path;

/**
 * What makes one private containerd instance, and names everything it owns.
 *
 * @param dir its directory (root, state, sockets, runc state, CNI config and IPAM store, log)
 * @param sandboxImage the pause image CRI uses for sandboxes, already imported (nothing can be pulled)
 * @param podSubnet the primary network's IPv4 subnet, given out by host-local ({@code 10.244.7.0/24})
 * @param networkName the CNI network's name (also names its cached results under /var/lib/cni)
 * @param bridge the Linux bridge of the primary network (at most 15 characters)
 * @param kubepods the top cgroup the emulated kubelet puts Pods under ({@code kubepods}, or a lab's prefixed name)
 */
public record ContainerdOptions(
        Path dir, String sandboxImage, String podSubnet, String networkName, String bridge, String kubepods) {
    public ContainerdOptions {
        if (bridge.length() > 15) {
            throw new IllegalArgumentException("bridge name longer than 15 characters: " + bridge);
        }
        if (!networkName.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException(
                    "network name must be lower-case letters, digits and dashes: " + networkName);
        }
    }
}
