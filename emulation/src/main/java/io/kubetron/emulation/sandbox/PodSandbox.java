package io.kubetron.emulation.sandbox;

import io.kubetron.common.exec.Exec;
import io.kubetron.common.retry.Wait;
import io.kubetron.lab.Lab;
import io.kubetron.lab.LabNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A Pod sandbox as a node has it: a network namespace and a cgroup whose path names the Pod UID, in the layout of the
 * kubelet's cgroup driver ({@link CgroupDriver}; on node {@code i > 0} of a multi-node lab under
 * {@code <lab>-node<i>-kubepods}, that node's kubelet's), holding the sandbox's "pause" process and one process per
 * started container, each a {@code sleep} inside the namespace in its own container cgroup. So code that finds a Pod's
 * namespace from /proc, as the node agent does, finds this one.
 *
 * <p>{@link Options#infraProcess()} false makes a sandbox as CRI-O makes it with {@code drop_infra_ctr} (the default
 * of current CRI-O and OpenShift; cri-o/cri-o {@code test/drop_infra.bats}: a Pod that does not share its PID
 * namespace, the Kubernetes default, gets no infra container, its namespaces pinned by {@code pinns}): the namespace
 * exists, pinned under {@code /run/netns}, and no process is in the Pod's cgroup until the first container starts.
 *
 * <p>The namespace is named {@code <lab>-pod-<name>}, so {@code lab down} removes it even if a test dies. Not
 * thread-safe.
 */
public final class PodSandbox implements Sandbox {
    private final Lab lab;
    private final LabNode node;
    private final String uid;
    private final String namespace;
    private final Options options;
    private final Path cgroupTop;
    private final Path podCgroup;
    private final List<Process> processes = new ArrayList<>();
    private final java.util.Map<String, Process> containers = new java.util.HashMap<>();
    private final List<Path> cgroups = new ArrayList<>();

    /**
     * How the node's runtime makes sandboxes.
     *
     * @param driver the kubelet's cgroup driver
     * @param qos the Pod's QoS class as the kubelet names its cgroup ({@code besteffort}, {@code burstable}; the
     *     {@code guaranteed} class has no level of its own, which the emulation does not model)
     * @param infraProcess whether the sandbox has a pause process (containerd: always; CRI-O: unless
     *     {@code drop_infra_ctr})
     */
    public record Options(CgroupDriver driver, String qos, boolean infraProcess) {
        public static final Options CONTAINERD_CGROUPFS = new Options(CgroupDriver.CGROUPFS, "besteffort", true);
        public static final Options CONTAINERD_SYSTEMD = new Options(CgroupDriver.SYSTEMD, "burstable", true);
        public static final Options CRIO_WITHOUT_INFRA = new Options(CgroupDriver.SYSTEMD, "burstable", false);
    }

    private PodSandbox(Lab lab, LabNode node, String uid, String namespace, Options options, Path top, Path pod) {
        this.lab = lab;
        this.node = node;
        this.uid = uid;
        this.namespace = namespace;
        this.options = options;
        this.cgroupTop = top;
        this.podCgroup = pod;
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
     * Starts the sandbox of a Pod whose UID is known already (the API server chose it, as it does on a cluster, where
     * the kubelet makes the sandbox of a Pod that exists), as containerd with the cgroupfs driver makes it.
     */
    public static PodSandbox start(Lab lab, String name, LabNode node, String uid) {
        return start(lab, name, node, uid, Options.CONTAINERD_CGROUPFS);
    }

    /** Starts the sandbox of a Pod as a runtime described by {@code options} makes it. */
    public static PodSandbox start(Lab lab, String name, LabNode node, String uid, Options options) {
        String ns = lab.config().namespacePrefix() + "pod-" + name;
        String prefix = lab.config().namespacePrefix() + (node.index() == 0 ? "" : node.name() + "-");
        Path root = cgroupRoot();
        Path pod = options.driver().pod(root, prefix, options.qos(), uid);
        Path top = root.resolve(root.relativize(pod).getName(0));
        lab.netns().create(ns);
        PodSandbox s = new PodSandbox(lab, node, uid, ns, options, top, pod);
        try {
            Files.createDirectories(pod);
            s.cgroups.add(pod);
            if (options.infraProcess()) {
                s.run(uid.substring(0, 12));
            }
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /**
     * Starts a container of the Pod: a process in the sandbox's namespace and in a container cgroup of its own. As a
     * runtime does, the process is in its cgroup before it runs the container's program (runc joins the cgroup in
     * its init stage, before the exec).
     */
    public long startContainer(String name) {
        try {
            long pid =
                    run(HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + "-" + name);
            containers.put(name, processes.getLast());
            return pid;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops a started container's process (it exited, or the kubelet stopped it); false if it was not running. */
    @Override
    public boolean stopContainer(String name) {
        Process p = containers.remove(name);
        if (p == null) {
            return false;
        }
        p.destroyForcibly();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    /** The names of the containers whose process runs. */
    @Override
    public java.util.Set<String> runningContainers() {
        return java.util.Set.copyOf(containers.keySet());
    }

    private long run(String id) throws IOException {
        Path cg = podCgroup.resolve(options.driver().container(id));
        Files.createDirectories(cg);
        cgroups.add(cg);
        // the shell joins the cgroup, then execs ip netns exec, which execs sleep in place inside the namespace
        Process p = new ProcessBuilder(
                        "sh",
                        "-c",
                        "echo $$ > \"$0\" && exec ip netns exec \"$1\" sleep infinity",
                        cg.resolve("cgroup.procs").toString(),
                        namespace)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        processes.add(p);
        awaitSleep(p);
        return p.pid();
    }

    /** Until the execs happened, the process is still the shell or {@code ip} in the root namespace. */
    private static void awaitSleep(Process p) {
        Path cmdline = Path.of("/proc", Long.toString(p.pid()), "cmdline");
        Wait.upTo(Duration.ofSeconds(5))
                .every(Duration.ofMillis(5))
                .until("the sandbox process " + p.pid() + " to start", () -> {
                    if (!p.isAlive()) {
                        throw new IllegalStateException("the sandbox process exited with " + p.exitValue());
                    }
                    try {
                        return Files.readString(cmdline).startsWith("sleep");
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    /** The cgroup v2 hierarchy: the root on a pure v2 host, {@code unified} on a hybrid one. */
    static Path cgroupRoot() {
        Path root = Path.of("/sys/fs/cgroup");
        return Files.exists(root.resolve("cgroup.controllers")) ? root : root.resolve("unified");
    }

    @Override
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

    /** The Pod's cgroup (its path names the Pod UID as the kubelet's driver does). */
    public Path cgroup() {
        return podCgroup;
    }

    /** The oldest process of the sandbox (the pause process, else the first container's), or -1 while none runs. */
    @Override
    public long pid() {
        return processes.isEmpty() ? -1 : processes.getFirst().pid();
    }

    /** Runs a command inside the sandbox's network namespace. */
    @Override
    public Exec.Result exec(String... command) {
        return lab.netns().exec(namespace, List.of(command));
    }

    /** Stops the processes (ours, by their handles), removes the cgroups and the namespace with what is in it. */
    @Override
    public void close() {
        processes.forEach(Process::destroyForcibly);
        for (Process p : processes) {
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Path cg : cgroups.reversed()) {
            removeCgroups(cg, cgroupTop);
        }
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
