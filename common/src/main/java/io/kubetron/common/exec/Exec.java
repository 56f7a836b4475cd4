package io.kubetron.common.exec;

import io.kubetron.common.settings.Durations;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command to completion with a timeout and captures its output: for what has no protocol (ip, ethtool, udhcpc,
 * the OVS tools a lab starts daemons with). A command that outlives the timeout is killed, its descendants first, so
 * nothing of it stays behind. Immutable, hence thread-safe.
 */
public final class Exec {
    private static final File DEV_NULL = new File("/dev/null");
    private final Map<String, String> env;
    private final Duration timeout;

    /**
     * @param env variables added to (or replacing in) the environment this JVM passes on
     * @param timeout how long one command may run
     */
    public Exec(Map<String, String> env, Duration timeout) {
        this.env = Map.copyOf(env);
        this.timeout = timeout;
    }

    /** The JVM's environment, 60 s per command. */
    public static Exec plain() {
        return new Exec(Map.of(), Duration.ofSeconds(60));
    }

    public Exec withTimeout(Duration newTimeout) {
        return new Exec(env, newTimeout);
    }

    public Map<String, String> env() {
        return env;
    }

    public Duration timeout() {
        return timeout;
    }

    /**
     * Runs {@code command} with {@code stdin} as its input (null: none) and returns the result whatever the exit
     * status; a timeout is a result with exit code -1 and the reason as its stderr.
     *
     * @throws CommandFailedException when the command cannot start, or the caller is interrupted (the command is
     *     killed then)
     */
    public Result run(List<String> command, String stdin) {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (stdin == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(DEV_NULL));
        }
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new CommandFailedException(command, -1, "", "cannot start: " + e.getMessage());
        }
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        if (stdin != null) {
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the command exited without reading all of it: its status says why
            }
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(p);
                // what it wrote before it was killed; a grandchild that escaped may still hold the pipe: do not wait
                String partial =
                        out.completeOnTimeout("", 200, TimeUnit.MILLISECONDS).join();
                return new Result(command, -1, partial, "timed out after " + Durations.format(timeout));
            }
            return new Result(command, p.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            throw new CommandFailedException(command, -1, "", "interrupted");
        }
    }

    /** Runs with no input ({@code /dev/null}). */
    public Result run(List<String> command) {
        return run(command, null);
    }

    public Result run(String... command) {
        return run(List.of(command));
    }

    /** Runs {@code command} inside {@code netns}. */
    public Result run(NetworkNamespace netns, List<String> command, String stdin) {
        return run(netns.wrap(command), stdin);
    }

    public Result run(NetworkNamespace netns, String... command) {
        return run(netns.wrap(List.of(command)), null);
    }

    /** Runs and throws {@link CommandFailedException} unless the command exits 0; returns its standard output. */
    public String check(List<String> command) {
        return run(command).orThrow().stdout();
    }

    public String check(String... command) {
        return check(List.of(command));
    }

    /** Ours, by handle: descendants first (a shell's children), then the process; waits a moment for it to go. */
    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static CompletableFuture<String> drain(InputStream in) {
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread.ofVirtual().name("kubetron-exec-drain").start(() -> {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try (in) {
                in.transferTo(b);
            } catch (IOException e) {
                // the process was killed: keep what was read
            }
            f.complete(b.toString(StandardCharsets.UTF_8));
        });
        return f;
    }

    /**
     * A finished command.
     *
     * @param command what ran
     * @param exitCode its exit status; -1 when it timed out
     * @param stdout its standard output
     * @param stderr its standard error, or why it did not finish
     */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {
        public Result {
            command = List.copyOf(command);
        }

        public boolean ok() {
            return exitCode == 0;
        }

        /** This result, or {@link CommandFailedException} (with the command and its stderr) unless it exited 0. */
        public Result orThrow() {
            if (!ok()) {
                throw new CommandFailedException(command, exitCode, stdout, stderr);
            }
            return this;
        }
    }
}
