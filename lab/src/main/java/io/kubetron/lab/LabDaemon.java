package io.kubetron.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/** The daemons of a lab, in the order {@code down} stops them. */
public enum LabDaemon {
    OVN_CONTROLLER("ovn-controller"),
    OVS_VSWITCHD("ovs-vswitchd"),
    OVN_NORTHD("ovn-northd"),
    OVN_NB("ovnnb_db"),
    OVN_SB("ovnsb_db"),
    OVSDB_SERVER("ovsdb-server");

    private final String id;

    LabDaemon(String id) {
        this.id = id;
    }

    /** Name of its pidfile and log file. */
    public String id() {
        return id;
    }

    public Path pidFile(LabConfig config) {
        return config.runDir().resolve(id + ".pid");
    }

    public Path logFile(LabConfig config) {
        return config.logDir().resolve(id + ".log");
    }

    /**
     * The PID of this daemon if it is alive and really this lab's: the pidfile's process must have the lab's
     * directory on its command line (a recycled PID belongs to someone else) and must not be a zombie.
     */
    public OptionalLong pid(LabConfig config) {
        return process(config).pid();
    }

    /** This daemon of node 0 and the central databases, as {@link DaemonProcess} starts, finds and stops it. */
    DaemonProcess process(LabConfig config) {
        return DaemonProcess.of(id, id, NodeDirs.of(config, 0), config.dir());
    }

    /** Resident memory in KiB, if the process is alive. */
    public static OptionalLong rssKb(long pid) {
        return procStatus(Path.of("/proc", Long.toString(pid)), "VmRSS:")
                .map(v -> OptionalLong.of(Long.parseLong(v.replace("kB", "").strip())))
                .orElse(OptionalLong.empty());
    }

    private static Optional<String> procStatus(Path proc, String key) {
        try {
            return Files.readAllLines(proc.resolve("status")).stream()
                    .filter(l -> l.startsWith(key))
                    .map(l -> l.substring(key.length()).strip())
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
