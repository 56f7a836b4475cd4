package io.kubetron.common.exec;

import io.kubetron.common.retry.Wait;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * A long-running process this program owns (a lab's daemon), known by its pidfile and recognised by a marker on its
 * command line, typically the owner's state directory: a PID read from a pidfile may have been recycled by someone
 * else's process, and such a process is never touched. Stopped by PID only (never by name), together with its
 * descendants that carry the marker too (forked workers). Immutable, hence thread-safe; the process is not.
 *
 * @param name how progress lines name it ({@code neutron-server}, {@code node1/ovs-vswitchd})
 * @param pidFile its pidfile
 * @param marker text its command line (or process title) must contain to be ours
 */
public record OwnedProcess(String name, Path pidFile, String marker) {
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    /**
     * Starts {@code command} in a new session (so it neither keeps the caller's terminal nor gets its signals) with
     * exactly {@code env} as its environment, output appended to {@code output}, and writes its PID to the pidfile.
     */
    public long start(List<String> command, Map<String, String> env, Path output, Path workDir) {
        List<String> full = new ArrayList<>();
        // setsid(1) execs in place when the caller is no group leader (a JVM's child never is): the PID stays ours
        full.add("setsid");
        full.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(full)
                .directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
                .redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        try {
            long pid = pb.start().pid();
            Files.writeString(pidFile, pid + "\n");
            return pid;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
    }

    /** The PID in the pidfile if that process is alive and ours. */
    public OptionalLong pid() {
        try {
            if (!Files.isRegularFile(pidFile)) {
                return OptionalLong.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            return owned(pid) ? OptionalLong.of(pid) : OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Alive (not a zombie) and its command line carries the marker. */
    public boolean owned(long pid) {
        return cmdline(pid).contains(marker) && alive(pid);
    }

    /** Its descendants that are ours too (forked workers). */
    public List<Long> workers(long pid) {
        return ProcessHandle.of(pid).stream()
                .flatMap(ProcessHandle::descendants)
                .map(ProcessHandle::pid)
                .filter(this::owned)
                .toList();
    }

    /** Stops it and its workers if it runs ({@link #stopAll}). */
    public void stop(Duration timeout, Consumer<String> progress) {
        stopAll(List.of(this), timeout, progress);
    }

    /**
     * Stops those of {@code processes} that run, with their workers: SIGTERM to every one at once (each stops its own
     * workers), SIGKILL to whatever of them is still alive after {@code timeout}; then removes the pidfiles.
     */
    public static void stopAll(List<OwnedProcess> processes, Duration timeout, Consumer<String> progress) {
        Map<Long, OwnedProcess> all = new LinkedHashMap<>();
        List<Long> parents = new ArrayList<>();
        List<String> stopped = new ArrayList<>();
        for (OwnedProcess p : processes) {
            OptionalLong pid = p.pid();
            if (pid.isPresent()) {
                List<Long> workers = p.workers(pid.getAsLong());
                parents.add(pid.getAsLong());
                all.put(pid.getAsLong(), p);
                workers.forEach(w -> all.put(w, p));
                stopped.add(p.name() + " (pid " + pid.getAsLong()
                        + (workers.isEmpty() ? "" : ", " + workers.size() + " workers") + ")");
            }
        }
        parents.forEach(p -> ProcessHandle.of(p).ifPresent(ProcessHandle::destroy));
        if (!gone(all, timeout)) {
            all.forEach((pid, p) -> {
                if (p.owned(pid)) {
                    progress.accept(p.name() + (parents.contains(pid) ? "" : " worker") + " (pid " + pid
                            + ") ignored SIGTERM, sending SIGKILL");
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                }
            });
            gone(all, KILL_WAIT);
        }
        stopped.forEach(s -> progress.accept("stopped " + s));
        for (OwnedProcess p : processes) {
            if (p.pid().isEmpty()) {
                try {
                    Files.deleteIfExists(p.pidFile());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private static boolean gone(Map<Long, OwnedProcess> pids, Duration timeout) {
        return Wait.upTo(timeout)
                .every(Duration.ofMillis(20))
                .poll(() -> pids.entrySet().stream().noneMatch(e -> e.getValue().owned(e.getKey())));
    }

    /** Its command line, arguments joined by spaces; empty when it is gone. */
    public static String cmdline(long pid) {
        try {
            return new String(
                            Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ')
                    .strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** Running: exited processes stay zombies for a while where PID 1 is slow to reap them. */
    public static boolean alive(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(l -> l.startsWith("State:"))
                    .findFirst()
                    .map(l -> !l.substring(6).strip().startsWith("Z"))
                    .orElse(false);
        } catch (IOException e) {
            return false;
        }
    }
}
