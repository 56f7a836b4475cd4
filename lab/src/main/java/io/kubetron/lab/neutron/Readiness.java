package io.kubetron.lab.neutron;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Polls a readiness condition while the process it depends on is alive; explains a failure with the log's tail. */
final class Readiness {
    private Readiness() {}

    static void await(String what, Duration timeout, BooleanSupplier alive, BooleanSupplier ready, Path log) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.getAsBoolean()) {
            if (!alive.getAsBoolean()) {
                throw new IllegalStateException("process exited while waiting for " + what + "; " + tail(log));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "timed out after " + timeout.toSeconds() + " s waiting for " + what + "; " + tail(log));
            }
            OwnedProcess.sleep(100);
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return "last lines of " + log + ":\n  "
                    + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "see " + log;
        }
    }
}
