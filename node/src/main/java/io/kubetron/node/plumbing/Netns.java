package io.kubetron.node.plumbing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs commands inside a network namespace, through {@code nsenter --net=PATH} (only the network namespace changes:
 * files such as the DHCP hook stay reachable). A null path means the agent's own namespace. Thread-safe (stateless).
 */
public final class Netns {
    private final Duration timeout;

    public Netns(Duration timeout) {
        this.timeout = timeout;
    }

    /** A finished command. */
    public record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /** Runs {@code command} in {@code netns} with {@code stdin} as its input; kills it after the timeout. */
    public Result run(Path netns, List<String> command, String stdin) {
        List<String> full = new ArrayList<>();
        if (netns != null) {
            full.addAll(List.of("nsenter", "--net=" + netns));
        }
        full.addAll(command);
        Process p;
        try {
            p = new ProcessBuilder(full).start();
        } catch (IOException e) {
            throw new PlumbingException("cannot run " + full + ": " + e.getMessage(), e);
        }
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the command exited without reading: its status says why
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                // ours, by handle: nothing of a step may outlive it
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(2, TimeUnit.SECONDS);
                return new Result(-1, out.getNow(""), "timed out after " + timeout.toMillis() + " ms");
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new PlumbingException("interrupted while running " + full, e);
        }
    }

    /** Runs an {@code ip -batch -} of {@code lines}; throws with {@code what} and ip's message on failure. */
    public void ipBatch(Path netns, List<String> lines, String what) {
        Result r = run(netns, List.of("ip", "-batch", "-"), String.join("\n", lines) + "\n");
        if (!r.ok()) {
            throw new PlumbingException(what + ": " + (r.stderr() + r.stdout()).strip());
        }
    }

    private static CompletableFuture<String> drain(InputStream in) {
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (in) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                in.transferTo(b);
                f.complete(b.toString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                f.complete("");
            }
        });
        return f;
    }
}
