package io.kubetron.cli.network;

import io.kubetron.backend.config.BackendSettings;
import io.kubetron.common.settings.Setting;
import io.kubetron.lab.Lab;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A lab's endpoints as a product command takes them: a {@code --config} settings file (flat YAML by setting key) of
 * the backend settings among what {@code kubetron lab env} prints, since product commands never read a lab's state
 * themselves.
 */
public final class LabBackendConfig {
    private LabBackendConfig() {}

    /** Writes the lab's backend settings to a temporary file and returns its path. */
    public static String of(Lab lab) {
        try {
            Path f = Files.createTempFile("kubetron-backend-", ".yaml");
            f.toFile().deleteOnExit();
            Files.writeString(
                    f,
                    lab.endpoints().variables(lab.config()).entrySet().stream()
                            .flatMap(e ->
                                    key(e.getKey())
                                            .map(k -> k + ": '" + e.getValue().replace("'", "''") + "'")
                                            .stream())
                            .collect(Collectors.joining("\n", "", "\n")));
            return f.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The backend setting read from variable {@code env} (its own name or an alias such as OVN_NB_DB). */
    private static Optional<String> key(String env) {
        return BackendSettings.SETTINGS.stream()
                .filter(s -> s.env().orElse("").equals(env) || s.envAliases().contains(env))
                .map(Setting::key)
                .findFirst();
    }
}
