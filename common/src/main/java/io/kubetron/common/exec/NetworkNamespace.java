package io.kubetron.common.exec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a command runs, as far as networking goes: the caller's own network namespace, a named one (iproute2's
 * {@code /run/netns/NAME}, entered with {@code ip netns exec}), or one given by path ({@code /proc/PID/ns/net} or a
 * bind mount, entered with {@code nsenter --net=PATH}, which changes only the network namespace: files such as a DHCP
 * hook stay reachable). Immutable.
 */
public sealed interface NetworkNamespace {
    /** The command as it must be run to execute {@code command} inside this namespace. */
    List<String> wrap(List<String> command);

    /** The caller's own namespace. */
    static NetworkNamespace own() {
        return Own.INSTANCE;
    }

    /** A namespace made by {@code ip netns add NAME}. */
    static NetworkNamespace named(String name) {
        return new Named(name);
    }

    /** The namespace at {@code path}, or the caller's own when {@code path} is null. */
    static NetworkNamespace at(Path path) {
        return path == null ? own() : new AtPath(path);
    }

    /** The caller's own namespace. */
    enum Own implements NetworkNamespace {
        INSTANCE;

        @Override
        public List<String> wrap(List<String> command) {
            return List.copyOf(command);
        }
    }

    /** @param name its name under {@code /run/netns} */
    record Named(String name) implements NetworkNamespace {
        @Override
        public List<String> wrap(List<String> command) {
            return prefixed(List.of("ip", "netns", "exec", name), command);
        }
    }

    /** @param path a namespace file */
    record AtPath(Path path) implements NetworkNamespace {
        @Override
        public List<String> wrap(List<String> command) {
            return prefixed(List.of("nsenter", "--net=" + path), command);
        }
    }

    private static List<String> prefixed(List<String> prefix, List<String> command) {
        List<String> full = new ArrayList<>(prefix);
        full.addAll(command);
        return List.copyOf(full);
    }
}
