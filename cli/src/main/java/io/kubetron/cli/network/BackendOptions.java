package io.kubetron.cli.network;

import io.kubetron.backend.NetworkBackend;
import io.kubetron.backend.config.BackendSettings;
import io.kubetron.backend.config.Backends;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * Where the backend settings come from, lowest precedence first: the environment, a {@code --config} file of
 * {@code KEY=VALUE} lines; then {@code --backend}. (A local lab's are printed by {@code kubetron lab env}.)
 */
public final class BackendOptions {
    @Option(names = "--backend", description = "ovn or neutron (default: KUBETRON_BACKEND, else guessed).")
    String backend;

    @Option(names = "--config", description = "File of KEY=VALUE backend settings (see docs/configuration.md).")
    Path config;

    /** {@code --backend}, or null to take it from the settings. */
    public String backend() {
        return backend;
    }

    /** The merged settings map. */
    public Map<String, String> settings() {
        Map<String, String> m = new HashMap<>();
        m.putAll(System.getenv());
        if (config != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(config)) {
                p.load(r);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + config + ": " + e.getMessage(), e);
            }
            p.forEach((k, v) -> m.put(k.toString(), v.toString()));
        }
        return m;
    }

    /** Opens the backend the merged settings describe. */
    public NetworkBackend open() {
        return Backends.open(BackendSettings.fromMap(settings(), backend));
    }
}
