package io.kubetron.emulation.sandbox;

import io.kubetron.lab.Lab;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Runs a program as a non-privileged container runs on a cgroup v2 node: in a container cgroup of its own Pod and in a
 * private cgroup namespace rooted there. containerd's CRI plugin adds a {@code CgroupNamespace} to every
 * non-privileged container's spec when the host is in unified mode (containerd
 * {@code internal/cri/server/container_create_linux.go}, {@code isUnifiedCgroupsMode() && !securityContext.GetPrivileged()}),
 * CRI-O does the same; so such a program reads {@code /proc/<pid>/cgroup} of other Pods' processes relative to its own
 * cgroup ({@code 0::/../../../besteffort/pod<uid>/<id>}), never seeing the {@code kubepods} root. A node agent
 * DaemonSet without {@code privileged} is such a container. {@link #close} removes the cgroup once the program is
 * gone.
 */
public final class ContainerCgroupNamespace implements AutoCloseable {
    private final Path top;
    private final Path container;

    private ContainerCgroupNamespace(Path top, Path container) {
        this.top = top;
        this.container = container;
    }

    /** A container cgroup of a Pod of the lab's node 0 (cgroupfs layout, QoS burstable, as a DaemonSet's Pod has). */
    public static ContainerCgroupNamespace create(Lab lab, String name) {
        String uid = UUID.randomUUID().toString();
        Path root = PodSandbox.cgroupRoot();
        Path pod = CgroupDriver.CGROUPFS.pod(root, lab.config().namespacePrefix(), "burstable", uid);
        Path cg = pod.resolve(CgroupDriver.CGROUPFS.container(name));
        try {
            Files.createDirectories(cg);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the container cgroup " + cg, e);
        }
        return new ContainerCgroupNamespace(root.resolve(root.relativize(pod).getName(0)), cg);
    }

    /**
     * {@code command} wrapped so that it joins the container cgroup and then runs in a new cgroup namespace rooted
     * there ({@code unshare --cgroup}, util-linux), as runc does for the container's process.
     */
    public List<String> wrap(List<String> command) {
        List<String> full = new ArrayList<>(List.of(
                "sh",
                "-c",
                "echo $$ > \"$0\" && exec unshare --cgroup -- \"$@\"",
                container.resolve("cgroup.procs").toString()));
        full.addAll(command);
        return full;
    }

    /** The container's cgroup, as seen from the host. */
    public Path cgroup() {
        return container;
    }

    /** Removes the container and Pod cgroups (the program must be gone; empty parents shared with others stay). */
    @Override
    public void close() {
        for (Path p = container; p != null && p.startsWith(top); p = p.getParent()) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                return;
            }
        }
    }
}
