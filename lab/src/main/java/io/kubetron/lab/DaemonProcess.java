package io.kubetron.lab;

import io.kubetron.common.exec.Exec;
import io.kubetron.common.exec.OwnedProcess;
import io.kubetron.common.retry.Wait;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * One OVS/OVN daemon of a lab, known by its pidfile: started detached, recognised by its command line naming the
 * lab's directory, stopped by PID only.
 *
 * @param name how status and progress lines name it ({@code ovs-vswitchd}, {@code node1/ovs-vswitchd})
 * @param pidFile its pidfile
 * @param logFile its log file
 * @param control its {@code --unixctl} socket, or null for ovn-controller 23.03, which has no such option (its socket
 *     is {@code <rundir>/ovn-controller.<pid>.ctl})
 * @param vswitchd whether it is an ovs-vswitchd, which must be stopped with {@code exit --cleanup}
 * @param labDir the lab's state directory
 */
record DaemonProcess(String name, Path pidFile, Path logFile, Path control, boolean vswitchd, Path labDir) {
    /** Options every daemon gets; they log to files only. */
    private static final List<String> OPTIONS = List.of("--detach", "--no-chdir", "-vconsole:off", "-vfile:info");

    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    /** Daemon {@code id} ({@code ovsdb-server}, {@code ovs-vswitchd}, {@code ovn-controller}...) of an OVS instance. */
    static DaemonProcess of(String name, String id, NodeDirs dirs, Path labDir) {
        return new DaemonProcess(
                name,
                dirs.run().resolve(id + ".pid"),
                dirs.log().resolve(id + ".log"),
                id.equals("ovn-controller") ? null : dirs.run().resolve(id + ".ctl"),
                id.equals("ovs-vswitchd"),
                labDir);
    }

    /** Runs {@code command} with the pidfile, log and control options; {@code --detach} returns once it is ready. */
    void start(Exec exec, List<String> command) {
        List<String> full = new ArrayList<>(command);
        full.add("--pidfile=" + pidFile);
        full.add("--log-file=" + logFile);
        if (control != null) {
            full.add("--unixctl=" + control);
        }
        full.addAll(OPTIONS);
        exec.check(full);
    }

    /**
     * The PID if the daemon is alive and really this lab's: the pidfile's process must have the lab's directory on its
     * command line (a recycled PID belongs to someone else) and must not be a zombie (PID 1 here reaps late).
     */
    OptionalLong pid() {
        return owned().pid();
    }

    private OwnedProcess owned() {
        return new OwnedProcess(name, pidFile, labDir + "/");
    }

    /** Stops it if it runs: ovs-vswitchd through {@code exit --cleanup} first, then SIGTERM, then SIGKILL. */
    void stop(Exec exec, Consumer<String> progress) {
        OptionalLong pid = pid();
        if (pid.isEmpty()) {
            return;
        }
        if (vswitchd) {
            // a plain SIGTERM leaves the datapath's tap devices behind
            exec.withTimeout(Duration.ofSeconds(10)).run("ovs-appctl", "-t", control.toString(), "exit", "--cleanup");
            if (Wait.upTo(STOP_WAIT).poll(() -> pid().isEmpty())) {
                progress.accept("stopped " + name + " (pid " + pid.getAsLong() + ")");
                return;
            }
        }
        owned().stop(STOP_WAIT, progress);
    }

    LabStatus.Daemon status() {
        OptionalLong pid = pid();
        return new LabStatus.Daemon(
                name, pid, pid.isPresent() ? LabDaemon.rssKb(pid.getAsLong()) : OptionalLong.empty(), logFile);
    }
}
