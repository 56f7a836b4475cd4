package io.kubetron.demo.cluster;

/** Fields of {@code /proc/<pid>/status}, as an operator reads a container's process from the node. */
final class ProcStatus {
    private ProcStatus() {}

    /** The value of {@code name} ({@code Uid}, {@code CapEff}, {@code Seccomp}...) in a status file's text. */
    static String field(String procStatus, String name) {
        return procStatus
                .lines()
                .filter(l -> l.startsWith(name + ":"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in the process's status"))
                .substring(name.length() + 1)
                .strip();
    }
}
