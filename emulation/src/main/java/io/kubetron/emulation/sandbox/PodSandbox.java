package io.kubetron.emulation.sandbox;

import io.kubetron.common.exec.Exec;
import io.kubetron.common.exec.NetworkNamespace;
import io.kubetron.common.retry.Wait;
import io.kubetron.lab.Lab;
import io.kubetron.lab.LabNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A Pod sandbox as a node has it: a network namespace holding a sleeping "pause" process that sits in a cgroup whose
 * path names the Pod UID, the cgroupfs layout of the kubelet ({@code .../<lab>-kubepods/besteffort/pod<uid>/<id>}; on
 * node {@code i > 0} of a multi-node lab {@code <lab>-node<i>-kubepods}, that node's kubelet's). So code that finds a
 * Pod's namespace from /proc, as the node agent does, finds this one. The namespace is named {@code <lab>-pod-<name>},
 * so {@code lab down} removes it even if a test dies. Not thread-safe.
 */
public final class PodSandbox implements AutoCloseable {
    private final Lab lab;
    private final LabNode node;
    private final String uid;
    private final String namespace;
    private final Path cgroupTop;
    private final Path cgroup;
    private final Process pause;

    private PodSandbox(
            Lab lab, LabNode node, String uid, String namespace, Path cgroupTop, Path cgroup, Process pause) {
        this.lab = lab;
        this.node = node;
        this.uid = uid;
        this.namespace = namespace;
        this.cgroupTop = cgroupTop;
        this.cgroup = cgroup;
        this.pause = pause;
    }

    /** Starts a sandbox with a fresh Pod UID on node 0. */
    public static PodSandbox start(Lab lab, String name) {
        return start(lab, name, lab.nodes().getFirst());
    }

    /**
     * Starts a sandbox with a fresh Pod UID on {@code node}: its namespace is node-independent (a Pod's interfaces are
     * plugged into the node's br-int from the node's namespace), its cgroup is under that node's kubelet hierarchy.
     */
    public static PodSandbox start(Lab lab, String name, LabNode node) {
        return start(lab, name, node, UUID.randomUUID().toString());
    }

    /**
     * Starts the sandbox of a Pod whose UID is known already: the API server chose it, as it does on a cluster,
     * where the kubelet makes the sandbox of a Pod that exists.
     */
    public static PodSandbox start(Lab lab, String name, LabNode node, String uid) {
        String ns = lab.config().namespacePrefix() + "pod-" + name;
        lab.netns().create(ns);
        Path top = cgroupRoot()
                .resolve(lab.config().namespacePrefix() + (node.index() == 0 ? "" : node.name() + "-") + "kubepods");
        Path cg = top.resolve("besteffort").resolve("pod" + uid).resolve(uid.substring(0, 12));
        Process p = null;
        try {
            Files.createDirectories(cg);
            // ip netns exec execs the command in place: the process is the sleep itself, inside the namespace
            p = new ProcessBuilder(NetworkNamespace.named(ns).wrap(List.of("sleep", "infinity")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            Files.writeString(cg.resolve("cgroup.procs"), Long.toString(p.pid()));
            awaitNamespace(ns, p.pid());
            return new PodSandbox(lab, node, uid, ns, top, cg, p);
        } catch (IOException | RuntimeException e) {
            if (p != null) {
                p.destroyForcibly();
            }
            removeCgroups(cg, top);
            lab.netns().delete(ns);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** Until the exec happened, the process still runs `ip` in the root namespace. */
    private static void awaitNamespace(String ns, long pid) {
        Path cmdline = Path.of("/proc", Long.toString(pid), "cmdline");
        Wait.upTo(Duration.ofSeconds(5))
                .every(Duration.ofMillis(5))
                .until("the sandbox process of /run/netns/" + ns + " to start", () -> {
                    try {
                        return Files.readString(cmdline).startsWith("sleep");
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    /** The cgroup v2 hierarchy: the root on a pure v2 host, {@code unified} on a hybrid one. */
    private static Path cgroupRoot() {
        Path root = Path.of("/sys/fs/cgroup");
        return Files.exists(root.resolve("cgroup.controllers")) ? root : root.resolve("unified");
    }

    public String uid() {
        return uid;
    }

    /** The node this Pod runs on. */
    public LabNode node() {
        return node;
    }

    /** The named namespace ({@code ip -n NAME ...}). */
    public String namespace() {
        return namespace;
    }

    /** The sandbox's "pause" process. */
    public long pid() {
        return pause.pid();
    }

    /** Runs a command inside the sandbox's network namespace. */
    public Exec.Result exec(String... command) {
        return lab.netns().exec(namespace, List.of(command));
    }

    /** Stops the pause process (ours, by its handle), removes the cgroups and the namespace with what is in it. */
    @Override
    public void close() {
        pause.destroyForcibly();
        try {
            pause.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        removeCgroups(cgroup, cgroupTop);
        lab.netns().delete(namespace);
    }

    /** Removes {@code leaf} and its empty parents up to and including {@code top}. */
    private static void removeCgroups(Path leaf, Path top) {
        for (Path p = leaf; p != null && p.startsWith(top); p = p.getParent()) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // not empty (another sandbox of this lab still uses it) or already gone
                return;
            }
        }
    }
}
