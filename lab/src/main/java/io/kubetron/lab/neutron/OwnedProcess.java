package io.kubetron.lab.neutron;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Long-running processes (neutron-server, Keystone's uwsgi) that belong to one lab: started in their own session with
 * a pidfile, recognised by their command line naming the lab's directory (a recycled PID belongs to someone else),
 * stopped by PID together with the workers they forked. Never by name.
 */
final class OwnedProcess {
    /** Python tools must not see a developer's pyenv or virtualenv. */
    static final Map<String, String> CLEAN_ENV = Map.of(
            "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG", "C.UTF-8", "HOME", "/root");

    private OwnedProcess() {}

    /**
     * Starts {@code command} in a new session (so it neither keeps the caller's terminal nor gets its signals), with
     * output to {@code output} and its PID written to {@code pidFile}.
     */
    static long start(List<String> command, Path pidFile, Path output, Path workDir) {
        List<String> full = new ArrayList<>();
        // setsid(1) execs in place when the caller is no group leader (a JVM child never is): the PID stays ours
        full.add("setsid");
        full.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(full)
                .directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
                .redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(CLEAN_ENV);
        try {
            long pid = pb.start().pid();
            Files.writeString(pidFile, pid + "\n");
            return pid;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
    }

    /** The PID in {@code pidFile} if that process is alive and its command line names {@code labDir}. */
    static OptionalLong pid(Path pidFile, Path labDir) {
        try {
            if (!Files.isRegularFile(pidFile)) {
                return OptionalLong.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            return owned(pid, labDir) ? OptionalLong.of(pid) : OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Alive (not a zombie) and its command line (or, for neutron's workers, their process title) names the lab. */
    static boolean owned(long pid, Path labDir) {
        return cmdline(pid).contains(labDir + "/") && alive(pid);
    }

    static String cmdline(long pid) {
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
    static boolean alive(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(l -> l.startsWith("State:"))
                    .noneMatch(l -> l.substring(6).strip().startsWith("Z"));
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code pid}'s descendants that belong to the lab (neutron's workers, uwsgi's worker). */
    static List<Long> workers(long pid, Path labDir) {
        return ProcessHandle.of(pid).stream()
                .flatMap(ProcessHandle::descendants)
                .map(ProcessHandle::pid)
                .filter(p -> owned(p, labDir))
                .toList();
    }

    /**
     * Stops the processes named by the pidfiles and their workers: SIGTERM to every parent at once (each stops its own
     * workers), SIGKILL to whatever is still alive after {@code timeout}; removes the pidfiles.
     */
    static void stop(List<Path> pidFiles, Path labDir, Duration timeout, Consumer<String> progress) {
        Set<Long> all = new LinkedHashSet<>();
        List<Long> parents = new ArrayList<>();
        List<String> stopped = new ArrayList<>();
        for (Path f : pidFiles) {
            OptionalLong pid = pid(f, labDir);
            if (pid.isPresent()) {
                List<Long> workers = workers(pid.getAsLong(), labDir);
                parents.add(pid.getAsLong());
                all.add(pid.getAsLong());
                all.addAll(workers);
                stopped.add(f.getFileName().toString().replace(".pid", "") + " (pid " + pid.getAsLong() + ", "
                        + workers.size() + " workers)");
            }
        }
        parents.forEach(p -> ProcessHandle.of(p).ifPresent(ProcessHandle::destroy));
        if (!await(all, labDir, timeout)) {
            for (long p : all) {
                if (owned(p, labDir)) {
                    progress.accept("pid " + p + " (" + cmdline(p) + ") ignored SIGTERM, sending SIGKILL");
                    ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            await(all, labDir, Duration.ofSeconds(5));
        }
        stopped.forEach(s -> progress.accept("stopped " + s));
        for (Path f : pidFiles) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static boolean await(Set<Long> pids, Path labDir, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pids.stream().anyMatch(p -> owned(p, labDir))) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep(50);
        }
        return true;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
