package io.kubetron.node.plumbing;

import java.util.Optional;

/**
 * Names the capability a failed command lacked, from what it printed, so that an agent run with fewer privileges than
 * deploy/node-agent gives says which one is missing instead of a bare EPERM: {@code nsenter}'s setns(2) needs
 * CAP_SYS_ADMIN, a packet socket (udhcpc) CAP_NET_RAW, and rtnetlink or ethtool changes CAP_NET_ADMIN. (Reading
 * another user's {@code /proc/<pid>/ns/net}, which needs CAP_SYS_PTRACE, fails in Java, not in a command: see
 * {@code PodNetnsFinder}.) Pure.
 */
public final class MissingCapability {
    private MissingCapability() {}

    /** " (the node agent lacks CAP_X: ...)" for output that shows a missing capability, else empty. */
    public static Optional<String> in(String output) {
        if (output.contains("reassociate to namespace") && denied(output)) {
            return Optional.of(" (the node agent lacks CAP_SYS_ADMIN: setns(2) into a network namespace needs it)");
        }
        // busybox udhcpc prints "udhcpc: socket: Operation not permitted" for its packet socket
        if ((output.contains("AF_PACKET") || output.contains("udhcpc: socket")) && denied(output)) {
            return Optional.of(" (the node agent lacks CAP_NET_RAW: the DHCP client's packet socket needs it)");
        }
        if (output.contains("Operation not permitted")) {
            return Optional.of(
                    " (the node agent lacks CAP_NET_ADMIN: creating, moving and configuring interfaces " + "needs it)");
        }
        return Optional.empty();
    }

    /** {@code output} with the hint appended when it shows a missing capability. */
    public static String explain(String output) {
        return output + in(output).orElse("");
    }

    private static boolean denied(String output) {
        return output.contains("Operation not permitted") || output.contains("Permission denied");
    }
}
