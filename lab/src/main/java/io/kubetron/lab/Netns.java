package io.kubetron.lab;

import io.kubetron.common.exec.Exec;
import io.kubetron.common.exec.NetworkNamespace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The lab's named network namespaces (iproute2's, under /run/netns): created, listed, deleted, run in. */
public final class Netns {
    private static final Path NETNS_DIR = Path.of("/run/netns");
    private final Exec exec;

    public Netns(Exec exec) {
        this.exec = exec;
    }

    public boolean exists(String name) {
        return Files.exists(NETNS_DIR.resolve(name));
    }

    /** Creates the namespace (if missing) with its loopback up. */
    public void create(String name) {
        if (!exists(name)) {
            exec.check("ip", "netns", "add", name);
        }
        exec.check("ip", "-n", name, "link", "set", "lo", "up");
    }

    /** Deletes the namespace; its veth ends go with it. Missing is fine. */
    public void delete(String name) {
        if (exists(name)) {
            Exec.Result r = exec.run("ip", "netns", "del", name);
            if (!r.ok() && exists(name)) {
                r.orThrow();
            }
        }
    }

    public List<String> list() {
        if (!Files.isDirectory(NETNS_DIR)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(NETNS_DIR)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Runs a command inside the namespace ({@code ip netns exec}). */
    public Exec.Result exec(String name, List<String> command) {
        return exec.run(NetworkNamespace.named(name), command, null);
    }

    public Exec.Result exec(String name, String... command) {
        return exec(name, List.of(command));
    }
}
