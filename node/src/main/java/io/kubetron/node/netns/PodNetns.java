package io.kubetron.node.netns;

import java.nio.file.Path;

/**
 * A Pod's network namespace, reached through one of its processes.
 *
 * @param podUid the Pod
 * @param pid a process of the Pod (the oldest one: the sandbox's pause process when there is one)
 * @param id the namespace's identity, {@code net:[inode]}
 */
public record PodNetns(String podUid, long pid, String id) {
    /** The path that enters the namespace ({@code nsenter --net=...}) while {@code pid} lives. */
    public Path path() {
        return Path.of("/proc", Long.toString(pid), "ns", "net");
    }
}
