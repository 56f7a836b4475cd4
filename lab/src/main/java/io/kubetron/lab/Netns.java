package io.kubetron.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Network namespaces managed through iproute2 (named namespaces under /run/netns). */
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

    /** Runs a command inside the namespace. */
    public Exec.Result exec(String name, List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(command);
        return exec.run(full);
    }

    public Exec.Result exec(String name, String... command) {
        return exec(name, List.of(command));
    }
}
