package io.kubetron.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command to completion and captures its output. Used where no protocol exists (ip, ethtool, daemons'
 * start-up) and by the lab, which is a development tool. Thread-safe: holds only immutable state.
 */
public final class Exec {
    private final Map<String, String> env;
    private final Duration timeout;

    public Exec(Map<String, String> env, Duration timeout) {
        this.env = Map.copyOf(env);
        this.timeout = timeout;
    }

    public static Exec plain() {
        return new Exec(Map.of(), Duration.ofSeconds(60));
    }

    public Exec withTimeout(Duration newTimeout) {
        return new Exec(env, newTimeout);
    }

    public Map<String, String> env() {
        return env;
    }

    /** Runs and returns the result whatever the exit status. */
    public Result run(List<String> command) {
        ProcessBuilder pb =
                new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new CommandFailedException(command, -1, "", "cannot start: " + e.getMessage());
        }
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new CommandFailedException(command, -1, "", "timed out after " + timeout.toSeconds() + " s");
            }
            return new Result(command, p.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CommandFailedException(command, -1, "", "interrupted");
        }
    }

    public Result run(String... command) {
        return run(List.of(command));
    }

    /** Runs and throws {@link CommandFailedException} unless the command exits 0; returns its standard output. */
    public String check(List<String> command) {
        return run(command).orThrow().stdout();
    }

    public String check(String... command) {
        return check(List.of(command));
    }

    private static CompletableFuture<String> drain(InputStream in) {
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (in) {
                f.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                f.completeExceptionally(new UncheckedIOException(e));
            }
        });
        return f;
    }

    /** A finished command. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }

        public Result orThrow() {
            if (!ok()) {
                throw new CommandFailedException(command, exitCode, stdout, stderr);
            }
            return this;
        }
    }
}
