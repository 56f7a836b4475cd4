package io.kubetron.lab.runtime;

import io.kubetron.common.exec.Exec;
import io.kubetron.common.exec.OwnedProcess;
import io.kubetron.common.retry.Wait;
import io.kubetron.lab.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A private containerd (with its CRI plugin) and runc, as a node of a real cluster runs them, but owning nothing
 * outside its directory and names: root, state, sockets, runc's state, the CNI configuration and IPAM store, network
 * namespace mounts, the bridge of the Pods' primary network and the Pods' cgroup hierarchy are all this instance's.
 * Only the shims' sockets go where containerd always puts them ({@code /run/containerd/s}). Images come from local
 * docker-archive tars: nothing can be pulled here.
 *
 * <p>{@link #stop} finds and removes everything from the directory and the options alone, so a lab whose JVM died can
 * still be cleaned up.
 */
public final class Containerd implements AutoCloseable {
    private static final Duration START_WAIT = Duration.ofSeconds(20);
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);
    private static final Exec EXEC = Exec.plain().withTimeout(Duration.ofMinutes(2));
    /** Debian's containernetworking-plugins; containerd's CRI adds the loopback network itself. */
    private static final Path CNI_PLUGINS = Path.of("/usr/lib/cni");

    private static final List<String> CNI_USED = List.of("bridge", "host-local", "loopback");

    private final ContainerdOptions options;

    private Containerd(ContainerdOptions options) {
        this.options = options;
    }

    /** Writes the configuration, starts containerd and waits until its API answers. */
    public static Containerd start(ContainerdOptions options, Consumer<String> progress) {
        Containerd c = new Containerd(options);
        try {
            c.configure();
            OwnedProcess p = c.process();
            long pid = p.start(
                    List.of("containerd", "--config", c.config().toString()),
                    Map.of("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME", "/root"),
                    options.dir().resolve("containerd.log"),
                    options.dir());
            boolean up = Wait.upTo(START_WAIT)
                    .poll(() -> Files.exists(c.socket())
                            && EXEC.run(c.ctr("version")).ok());
            if (!up) {
                throw new IllegalStateException("containerd (pid " + pid + ") did not answer within " + START_WAIT
                        + "; see " + options.dir().resolve("containerd.log"));
            }
            progress.accept("started containerd (pid " + pid + ") on " + c.socket());
            return c;
        } catch (RuntimeException e) {
            c.stop(progress);
            throw e;
        }
    }

    /** An instance to stop: what {@code options} names, whether it runs or not. */
    public static Containerd existing(ContainerdOptions options) {
        return new Containerd(options);
    }

    /** The CRI (and containerd) gRPC socket. */
    public Path socket() {
        return options.dir().resolve("containerd.sock");
    }

    public ContainerdOptions options() {
        return options;
    }

    /**
     * Imports a docker-archive tar into the CRI plugin's namespace, unpacked for its snapshotter; a tag
     * {@code local/x:1} is then known to CRI as {@code docker.io/local/x:1}.
     */
    public void importImage(Path archive) {
        EXEC.check(ctr("image", "import", "--snapshotter", "native", archive.toString()));
    }

    /** The images CRI knows, by reference. */
    public List<String> images() {
        return EXEC.check(ctr("image", "list", "-q"))
                .lines()
                .filter(l -> !l.isBlank())
                .toList();
    }

    private List<String> ctr(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ctr", "-a", socket().toString(), "-n", "k8s.io"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private OwnedProcess process() {
        return new OwnedProcess("containerd", options.dir().resolve("containerd.pid"), config().toString());
    }

    private Path config() {
        return options.dir().resolve("config.toml");
    }

    private Path runcRoot() {
        return options.dir().resolve("runc");
    }

    private void configure() {
        Path d = options.dir();
        try {
            Files.createDirectories(d.resolve("cni/bin"));
            Files.createDirectories(d.resolve("cni/conf"));
            for (String plugin : CNI_USED) {
                Path link = d.resolve("cni/bin").resolve(plugin);
                Files.deleteIfExists(link);
                Files.createSymbolicLink(link, CNI_PLUGINS.resolve(plugin));
            }
            Files.writeString(config(), ContainerdConfig.toml(options));
            Files.writeString(
                    d.resolve("cni/conf/10-" + options.networkName() + ".conflist"), ContainerdConfig.cni(options));
            Path forward = Path.of("/proc/sys/net/ipv4/ip_forward");
            // the bridge plugin as a gateway turns on forwarding for the host; stop puts the old value back
            Path saved = d.resolve("ip_forward.orig");
            if (!Files.exists(saved)) {
                Files.writeString(saved, Files.readString(forward).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot configure containerd in " + d, e);
        }
    }

    /**
     * Stops every container and sandbox, containerd and its shims, and removes what they left: runc state, network
     * namespace mounts, the bridge, the Pods' cgroups, CNI results, the directory. Safe to call when nothing runs.
     */
    public void stop(Consumer<String> progress) {
        Path d = options.dir();
        if (!Files.isDirectory(d)) {
            return;
        }
        killContainers();
        process().stop(STOP_WAIT, progress);
        for (long shim : shims()) {
            EXEC.run("kill", "-KILL", Long.toString(shim));
            progress.accept("stopped containerd-shim (pid " + shim + ")");
        }
        unmountUnder(d);
        EXEC.run("ip", "link", "del", options.bridge());
        removeCgroups();
        removeCniResults();
        restoreForwarding(d);
        FileTrees.delete(d);
    }

    @Override
    public void close() {
        stop(line -> {});
    }

    private void killContainers() {
        if (!Files.isDirectory(runcRoot())) {
            return;
        }
        String root = runcRoot().resolve("k8s.io").toString();
        Exec.Result list = EXEC.run("runc", "--root", root, "list", "-q");
        for (String id : list.stdout().lines().filter(l -> !l.isBlank()).toList()) {
            EXEC.run("runc", "--root", root, "kill", id, "KILL");
            EXEC.run("runc", "--root", root, "delete", "--force", id);
        }
    }

    /** containerd-shim-runc-v2 processes started for this instance: their command line names its socket. */
    private List<Long> shims() {
        String marker = socket().toString();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.map(p -> p.getFileName().toString())
                    .filter(n -> n.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong)
                    .filter(pid -> {
                        String cmd = OwnedProcess.cmdline(pid);
                        return cmd.contains("containerd-shim") && cmd.contains(marker);
                    })
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Network namespaces (and anything else) mounted under the directory, deepest first. */
    private static void unmountUnder(Path d) {
        try {
            String prefix = d.toRealPath() + "/";
            List<String> points = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                    .map(l -> l.split(" ")[4])
                    .filter(m -> m.startsWith(prefix))
                    .sorted(Comparator.reverseOrder())
                    .toList();
            for (String m : points) {
                EXEC.run("umount", "-l", m);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** runc removes container cgroups but leaves the Pods' and the QoS levels' directories (empty by now). */
    private void removeCgroups() {
        for (Path top : cgroupTops()) {
            if (!Files.isDirectory(top)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(top)) {
                for (Path dir : s.filter(Files::isDirectory)
                        .sorted(Comparator.reverseOrder())
                        .toList()) {
                    try {
                        Files.delete(dir); // rmdir of a cgroup: its control files go with it
                    } catch (IOException e) {
                        // a cgroup with a process left in it stays and is reported by the caller's checks
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The top of the Pods' cgroup tree in every mounted hierarchy (v1 controllers and the unified one). */
    public List<Path> cgroupTops() {
        Path root = Path.of("/sys/fs/cgroup");
        if (Files.exists(root.resolve("cgroup.controllers"))) {
            return List.of(root.resolve(options.kubepods()));
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> Files.isDirectory(p) && !Files.isSymbolicLink(p))
                    .map(p -> p.resolve(options.kubepods()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** libcni caches each attachment's result under /var/lib/cni (go-cni in containerd 1.6 cannot move it). */
    private void removeCniResults() {
        Path results = Path.of("/var/lib/cni/results");
        if (!Files.isDirectory(results)) {
            return;
        }
        String prefix = options.networkName() + "-";
        try (Stream<Path> s = Files.list(results)) {
            for (Path p :
                    s.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void restoreForwarding(Path d) {
        Path saved = d.resolve("ip_forward.orig");
        try {
            if (Files.exists(saved)) {
                Files.writeString(
                        Path.of("/proc/sys/net/ipv4/ip_forward"),
                        Files.readString(saved).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
