package io.kubetron.cli.deploy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Builds a kustomization with {@code kubectl kustomize} (kustomize built into kubectl), as {@code kubectl apply -k} does. */
final class Kustomize {
    private Kustomize() {}

    /** Whether a {@code kubectl} is on the PATH. */
    static boolean available() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "kubectl"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The documents {@code kubectl kustomize dir} prints. Without a kubectl the test is skipped (not passed), unless
     * {@code KUBETRON_REQUIRE_KUBECTL} is set (./test.sh sets it, having installed one): then it fails.
     *
     * @throws AssertionError with kustomize's message when the build fails
     */
    static List<DeployTree.Doc> build(Path dir) {
        String missing = "kubectl is not installed: `kubectl kustomize " + dir + "` was not checked";
        if (!available()
                && !System.getenv().getOrDefault("KUBETRON_REQUIRE_KUBECTL", "").isEmpty()) {
            throw new AssertionError(missing + " (KUBETRON_REQUIRE_KUBECTL is set)");
        }
        assumeTrue(available(), missing);
        try {
            Path out = Files.createTempFile("kustomize", ".yaml");
            Path err = Files.createTempFile("kustomize", ".err");
            try {
                Process p = new ProcessBuilder("kubectl", "kustomize", dir.toString())
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("kubectl kustomize " + dir + " did not finish in 60 s");
                }
                if (p.exitValue() != 0) {
                    throw new AssertionError(
                            "kubectl kustomize " + dir + " failed: " + Files.readString(err, StandardCharsets.UTF_8));
                }
                return DeployTree.parse(dir.resolve("(kustomize build)"), Files.readString(out));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
