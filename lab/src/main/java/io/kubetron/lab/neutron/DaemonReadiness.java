package io.kubetron.lab.neutron;

import io.kubetron.common.retry.Wait;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Polls a readiness condition while the process it depends on is alive; explains a failure with the log's tail. */
final class DaemonReadiness {
    private DaemonReadiness() {}

    static void await(String what, Duration timeout, BooleanSupplier alive, BooleanSupplier ready, Path log) {
        Wait.upTo(timeout)
                .every(Duration.ofMillis(100))
                .until(
                        what,
                        () -> {
                            if (ready.getAsBoolean()) {
                                return true;
                            }
                            if (!alive.getAsBoolean()) {
                                throw new IllegalStateException(
                                        "process exited while waiting for " + what + "; " + tail(log));
                            }
                            return false;
                        },
                        () -> tail(log));
    }

    /** A fixed pause: for what has no condition to look at. */
    static void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
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
