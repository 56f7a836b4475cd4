package io.kubetron.node.netns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds a Pod's network namespace without asking the container runtime: scans {@code /proc/<pid>/cgroup} for the
 * processes the kubelet placed in the Pod's cgroup ({@link PodCgroups}), and takes the namespace of the oldest one.
 * Needs the host's PID namespace ({@code hostPID}) and read access to {@code /proc}. A Pod on the host network has
 * no namespace of its own: it is refused, never plumbed. Thread-safe (stateless).
 */
public final class PodNetnsFinder {
    private final Path proc;

    /** @param proc the host's procfs ({@code /proc}) */
    public PodNetnsFinder(Path proc) {
        this.proc = proc;
    }

    public PodNetnsFinder() {
        this(Path.of("/proc"));
    }

    /**
     * The Pod's namespace, or empty while no process of the Pod runs (the sandbox is not up yet, or is gone).
     *
     * @throws HostNetworkException when the Pod's processes share the agent's own network namespace
     */
    public Optional<PodNetns> find(String podUid) {
        Optional<Long> oldest;
        try (Stream<Path> entries = Files.list(proc)) {
            oldest = entries.map(p -> p.getFileName().toString())
                    .filter(PodNetnsFinder::isPid)
                    .map(Long::parseLong)
                    .filter(pid -> PodCgroups.belongsTo(read(proc.resolve(pid + "/cgroup")), podUid))
                    .min(Comparator.comparingLong(this::startTime));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + proc, e);
        }
        if (oldest.isEmpty()) {
            return Optional.empty();
        }
        long pid = oldest.get();
        Path nsLink = proc.resolve(pid + "/ns/net");
        String id;
        try {
            id = Files.readSymbolicLink(nsLink).toString();
        } catch (java.nio.file.AccessDeniedException e) {
            // not a sandbox still starting: the agent lacks a privilege, and waiting would never end
            throw new NamespaceAccessException(podUid, pid, e);
        } catch (IOException e) {
            return Optional.empty(); // the process went away meanwhile
        }
        if (id.equals(link(proc.resolve("self/ns/net")))) {
            throw new HostNetworkException(podUid);
        }
        return Optional.of(new PodNetns(podUid, pid, id));
    }

    private static boolean isPid(String name) {
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }

    /** Field 22 of /proc/PID/stat (after the parenthesized command, which may hold spaces). */
    private long startTime(long pid) {
        String stat = read(proc.resolve(pid + "/stat"));
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return Long.MAX_VALUE;
        }
        String[] f = stat.substring(close + 2).split(" ");
        return f.length > 19 ? Long.parseLong(f[19]) : Long.MAX_VALUE;
    }

    /** A file's content, or "" when the process went away meanwhile. */
    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }

    private static String link(Path p) {
        try {
            return Files.readSymbolicLink(p).toString();
        } catch (IOException e) {
            return "";
        }
    }

    /** The Pod's process is there but its namespace cannot be read: a missing privilege, not a slow sandbox. */
    public static final class NamespaceAccessException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public NamespaceAccessException(String podUid, long pid, IOException cause) {
            super(
                    "the node agent may not read the network namespace of Pod " + podUid + " (process " + pid + ", "
                            + cause.getMessage()
                            + "): the node agent lacks CAP_SYS_PTRACE (or hostPID), or an AppArmor or "
                            + "SELinux rule denies it ptrace reads (see docs/deploy.md)",
                    cause);
        }
    }

    /** The Pod uses the host's network: Kubetron cannot give it interfaces of its own. */
    public static final class HostNetworkException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public HostNetworkException(String podUid) {
            super("Pod " + podUid + " uses the host network namespace; Kubetron networks need a Pod namespace");
        }
    }
}
