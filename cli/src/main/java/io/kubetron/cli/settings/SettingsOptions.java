package io.kubetron.cli.settings;

import io.kubetron.common.settings.Setting;
import io.kubetron.common.settings.Settings;
import io.kubetron.common.settings.Source;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A command's settings sources: its flags (made by {@link SettingsFlags}), the environment and the {@code --config}
 * file, in that order. Errors become usage errors naming every problem ({@link SettingsError}).
 */
public final class SettingsOptions {
    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Settings file: flat YAML, keys = the flags' names without -- (below flags and environment).")
    Path config;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    private Map<String, String> environment = System.getenv();

    /** The environment settings are read from (tests give their own). */
    public void environment(Map<String, String> env) {
        this.environment = Map.copyOf(env);
    }

    public Map<String, String> environment() {
        return environment;
    }

    /** The user's home directory from the environment, or null (where {@code clouds.yaml} may be). */
    public Path home() {
        String h = environment.get("HOME");
        return h == null ? null : Path.of(h);
    }

    /**
     * Resolves {@code definitions} from the flags, the environment, the file, then {@code lower} (a clouds.yaml).
     *
     * @throws SettingsError naming every unknown, missing or invalid setting and its source
     */
    public Settings resolve(String what, List<Setting<?>> definitions, Source... lower) {
        return checked(() -> {
            List<Source> sources = new ArrayList<>();
            sources.add(Source.flags(SettingsFlags.given(command, definitions)));
            sources.add(Source.environment(environment));
            if (config != null) {
                sources.add(Source.file(config, ConfigFile.read(config)));
            }
            sources.addAll(List.of(lower));
            return Settings.resolve(what, definitions, sources);
        });
    }

    /** {@code make(settings)}, its checks across settings reported as {@link #resolve} reports. */
    public <T> T typed(Settings settings, Function<Settings, T> make) {
        return checked(() -> make.apply(settings));
    }

    /** The one start-up line: every effective value and its source, secrets masked. */
    public void log(String what, Settings settings, boolean daemon) {
        Logger log = LoggerFactory.getLogger(command.userObject().getClass());
        if (daemon) {
            log.info("{} settings: {}", what, settings.summary());
        } else {
            log.debug("{} settings: {}", what, settings.summary());
        }
    }

    private <T> T checked(java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new SettingsError(command.commandLine(), e.getMessage());
        }
    }
}
