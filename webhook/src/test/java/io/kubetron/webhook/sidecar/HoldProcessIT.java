package io.kubetron.webhook.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The request container's process ({@code images/hold/hold.c}), compiled with the flags of its Dockerfile and run
 * the way its image runs: alone in an otherwise empty root (the image is {@code FROM scratch}, so this also proves
 * the binary static), as user 65534, as PID 1 of its own PID namespace. Needs root (chroot, PID namespace, user
 * switch), gcc and libc6-dev (static libc), as {@code ./test.sh} provides.
 */
class HoldProcessIT {
    /** The budget for one Pod's injected process. */
    static final long MAX_RSS_KIB = 2048;

    static final String[] INTERFACES = {"red-bcxoeffrsw", "blue-qwhzkmbte"};

    @TempDir
    static Path dir;

    static Path root;
    private Process launcher;

    @BeforeAll
    static void build() throws Exception {
        assertThat(new String(Files.readAllBytes(Path.of("/proc/self/status")), StandardCharsets.US_ASCII))
                .as("HoldProcessIT runs the binary as uid 65534 in a chroot and a PID namespace: run it as root "
                        + "(./test.sh does)")
                .containsPattern("(?m)^Uid:\\s+0\\s");
        Path hold = holdSources();
        root = dir.resolve("root");
        Files.createDirectory(root);
        List<String> cmd = new ArrayList<>(List.of("gcc"));
        cmd.addAll(cflags(hold.resolve("Dockerfile")));
        cmd.addAll(List.of(
                "-o", root.resolve("hold").toString(), hold.resolve("hold.c").toString()));
        Process gcc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(gcc.waitFor())
                .as(String.join(" ", cmd) + " (apt-get install gcc libc6-dev)\n" + out)
                .isZero();
        // what the image holds: a root the user cannot write, a binary it can only read and run
        Files.setPosixFilePermissions(root.resolve("hold"), PosixFilePermissions.fromString("r-xr-xr-x"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("r-xr-xr-x"));
        System.out.printf("hold: static binary %d bytes (%s)%n", Files.size(root.resolve("hold")), cmd);
    }

    @AfterEach
    void stop() {
        if (launcher != null && launcher.isAlive()) {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
        }
    }

    @Test
    void sleepsSmallAndIdleAsPid1OfUser65534AndExitsZeroOnSigterm() throws Exception {
        long pid = start();
        String status = status(pid);
        assertThat(status)
                .containsPattern("(?m)^Uid:\\s+65534\\s+65534\\s+65534\\s+65534$")
                .containsPattern("(?m)^Gid:\\s+65534\\s+65534\\s+65534\\s+65534$")
                .containsPattern("(?m)^NSpid:\\s+" + pid + "\\s+1$")
                .containsPattern("(?m)^CapEff:\\s+0+$");
        Thread.sleep(1000);
        status = status(pid);
        long rss = kib(status, "VmRSS");
        System.out.printf("hold: VmRSS %d kB, VmHWM %d kB after 1 s%n", rss, kib(status, "VmHWM"));
        assertThat(rss).as("VmRSS in kB").isPositive().isLessThanOrEqualTo(MAX_RSS_KIB);
        assertThat(status).as("asleep, not spinning").containsPattern("(?m)^State:\\s+S ");
        assertThat(cpuTicks(pid))
                .as("CPU time used in its first second, in clock ticks")
                .isLessThanOrEqualTo(1);

        ProcessHandle.of(pid).orElseThrow().destroy(); // SIGTERM
        assertExitsZeroPromptly();
    }

    @Test
    void exitsZeroOnSigint() throws Exception {
        long pid = start();
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(pid))
                .inheritIO()
                .start();
        assertThat(kill.waitFor()).isZero();
        assertExitsZeroPromptly();
    }

    /** Starts the binary and returns its host PID once it runs (the launchers exec into it). */
    private long start() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                "unshare",
                "--pid",
                "--fork",
                "--kill-child",
                "chroot",
                "--userspec=65534:65534",
                root.toString(),
                "/hold"));
        cmd.addAll(Arrays.asList(INTERFACES));
        launcher = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("hold.out").toFile())
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> child = launcher.children().findFirst();
            if (child.isPresent() && "hold".equals(comm(child.get().pid()))) {
                return child.get().pid();
            }
            assertThat(launcher.isAlive())
                    .as("launcher exited early: " + output())
                    .isTrue();
            Thread.sleep(10);
        }
        throw new AssertionError("hold did not start within 5 s: " + output());
    }

    /** unshare --fork exits with its child's status, and by a signal (not 0) when the child died of one. */
    private void assertExitsZeroPromptly() throws Exception {
        long t0 = System.nanoTime();
        assertThat(launcher.waitFor(2, TimeUnit.SECONDS))
                .as("exited within 2 s of the signal")
                .isTrue();
        System.out.printf("hold: exited %d ms after the signal%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(launcher.exitValue()).as("exit status; output: " + output()).isZero();
    }

    private String output() throws IOException {
        return Files.readString(dir.resolve("hold.out"));
    }

    private static String comm(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm"))
                    .strip();
        } catch (IOException e) {
            return ""; // gone, or not yet readable
        }
    }

    private static String status(long pid) throws IOException {
        return Files.readString(Path.of("/proc", Long.toString(pid), "status"));
    }

    private static long kib(String status, String field) {
        Matcher m = Pattern.compile("(?m)^" + field + ":\\s+(\\d+) kB$").matcher(status);
        assertThat(m.find()).as(field + " in " + status).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** utime + stime from /proc/PID/stat (fields 14 and 15, counted after the parenthesized command name). */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** The Dockerfile's {@code ARG HOLD_CFLAGS="..."}: the test builds what the image builds. */
    static List<String> cflags(Path dockerfile) throws IOException {
        Matcher m = Pattern.compile("(?m)^ARG HOLD_CFLAGS=\"([^\"]+)\"$").matcher(Files.readString(dockerfile));
        assertThat(m.find()).as("ARG HOLD_CFLAGS=\"...\" in " + dockerfile).isTrue();
        return List.of(m.group(1).trim().split("\\s+"));
    }

    /** {@code images/hold} of the repository, found upward from the module's directory. */
    static Path holdSources() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("images/hold/hold.c"))) {
                return p.resolve("images/hold");
            }
        }
        throw new AssertionError(
                "images/hold/hold.c not found above " + Path.of("").toAbsolutePath());
    }
}
