package io.kubetron.cli.network;

import io.kubetron.lab.Lab;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * A lab's endpoints as a product command takes them: a {@code --config} file of {@code KEY=VALUE} lines (what
 * {@code kubetron lab env} prints), since product commands never read a lab's state themselves.
 */
public final class LabBackendConfig {
    private LabBackendConfig() {}

    /** Writes the lab's backend settings to a temporary file and returns its path. */
    public static String of(Lab lab) {
        try {
            Path f = Files.createTempFile("kubetron-backend-", ".env");
            f.toFile().deleteOnExit();
            Files.writeString(
                    f,
                    lab.endpoints().variables(lab.config()).entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining("\n", "", "\n")));
            return f.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
