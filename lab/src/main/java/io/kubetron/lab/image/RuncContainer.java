package io.kubetron.lab.image;

import io.kubetron.common.exec.Exec;
import io.kubetron.lab.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One image run straight under runc, without a container manager: the archive's layers unpacked into a bundle, the
 * OCI spec of {@code runc spec} with the image's entrypoint and user, runc's state in the bundle. For checking an
 * image by itself (that its program starts, what PID it has, how it ends); Pods run under containerd instead.
 */
public final class RuncContainer implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Exec EXEC = Exec.plain().withTimeout(Duration.ofSeconds(30));
    private final Path bundle;
    private final String id;
    private final Process process;

    private RuncContainer(Path bundle, String id, Process process) {
        this.bundle = bundle;
        this.id = id;
        this.process = process;
    }

    /**
     * Starts the image's entrypoint and cmd, or {@code command} instead when it is not empty (as a CRI container's
     * {@code command} replaces both), in {@code bundle} (created; removed on close), its output to
     * {@code bundle/output}.
     */
    public static RuncContainer start(BuiltImage image, Path bundle, List<String> command) {
        try {
            Files.createDirectories(bundle.resolve("rootfs"));
            JsonNode config = unpack(image.archive(), bundle.resolve("rootfs"));
            JsonNode run = config.get("config");
            EXEC.run("runc", "spec", "--bundle", bundle.toString()).orThrow();
            ObjectNode spec =
                    (ObjectNode) JSON.readTree(bundle.resolve("config.json").toFile());
            ObjectNode process = (ObjectNode) spec.get("process");
            process.put("terminal", false);
            List<String> argv = new ArrayList<>(command);
            if (argv.isEmpty()) {
                run.get("Entrypoint").forEach(n -> argv.add(n.asString()));
                if (run.has("Cmd")) {
                    run.get("Cmd").forEach(n -> argv.add(n.asString()));
                }
            }
            process.putPOJO("args", argv);
            process.putPOJO("env", JSON.convertValue(run.get("Env"), List.class));
            String user = run.get("User").asString();
            if (!user.isEmpty()) {
                String[] ug = user.split(":");
                process.putPOJO("user", Map.of("uid", Integer.parseInt(ug[0]), "gid", Integer.parseInt(ug[1])));
            }
            Files.write(bundle.resolve("config.json"), JSON.writeValueAsBytes(spec));
            String id = "kt-" + bundle.getFileName();
            Process p = new ProcessBuilder(
                            "runc",
                            "--root",
                            bundle.resolve("state").toString(),
                            "run",
                            "--bundle",
                            bundle.toString(),
                            id)
                    .redirectErrorStream(true)
                    .redirectOutput(bundle.resolve("output").toFile())
                    .start();
            return new RuncContainer(bundle, id, p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Extracts every layer in order into {@code rootfs}; returns the image configuration. */
    private static JsonNode unpack(Path archive, Path rootfs) throws IOException {
        Path work = rootfs.resolveSibling("archive");
        Files.createDirectories(work);
        EXEC.run("tar", "-xf", archive.toString(), "-C", work.toString()).orThrow();
        JsonNode manifest =
                JSON.readTree(work.resolve("manifest.json").toFile()).get(0);
        for (JsonNode layer : manifest.get("Layers")) {
            EXEC.run(
                            "tar",
                            "--same-owner",
                            "-xpf",
                            work.resolve(layer.asString()).toString(),
                            "-C",
                            rootfs.toString())
                    .orThrow();
        }
        JsonNode config =
                JSON.readTree(work.resolve(manifest.get("Config").asString()).toFile());
        FileTrees.delete(work);
        return config;
    }

    /** The container's init process as the host sees it, once runc has started it. */
    public long pid() {
        Exec.Result r = EXEC.run("runc", "--root", bundle.resolve("state").toString(), "state", id);
        return r.ok() ? JSON.readTree(r.stdout()).get("pid").asLong() : -1;
    }

    /** Sends a signal to the container's init process ({@code runc kill}). */
    public void kill(String signal) {
        EXEC.run("runc", "--root", bundle.resolve("state").toString(), "kill", id, signal)
                .orThrow();
    }

    /** Waits for the container's end; its exit code, or -1 if it did not end in time. */
    public int await(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** What the container printed (stdout and stderr). */
    public String output() {
        try {
            return Files.readString(bundle.resolve("output"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills and deletes the container (if still there), then removes the bundle. */
    @Override
    public void close() {
        EXEC.run("runc", "--root", bundle.resolve("state").toString(), "delete", "--force", id);
        process.destroyForcibly();
        await(Duration.ofSeconds(5));
        FileTrees.delete(bundle);
    }
}
