package io.kubetron.common.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One setting: its key (from which its flag and environment variable follow, {@link Keys}), type, default, meaning,
 * and how it may be given. Immutable; define settings as constants next to the typed record they make.
 *
 * @param key lower-case words joined by dashes: the file's key, {@code --key}, {@code KUBETRON_KEY}
 * @param type how its text is read and validated
 * @param defaultText the default as it would be written, or null for none
 * @param defaultNote how the default is computed when it is not one text ("guessed from ..."), or null
 * @param description what it means, one or two sentences for {@code --help} and the docs
 * @param secret never logged, never in an error message, no flag (a flag shows in the process list): from the
 *     environment or the file only
 * @param devKit not a user setting: no flag, no environment variable, not in the file, not in {@code --help} or the
 *     docs; only the dev kit (demo, emulation, tests) sets it, through {@link Source#given}
 * @param required there is no default and the component cannot start without it
 * @param envAliases variables other tools define that are read when the Kubetron variable is not set
 *     ({@code OVN_NB_DB} of the OVN tools, {@code HOSTNAME} of the container runtime)
 * @param retiredEnv former names of this setting: a start with one of them set fails and names the new one
 * @param <T> the value's type
 */
public record Setting<T>(
        String key,
        SettingType<T> type,
        String defaultText,
        String defaultNote,
        String description,
        boolean secret,
        boolean devKit,
        boolean required,
        List<String> envAliases,
        List<String> retiredEnv) {

    public Setting {
        Keys.checked(key);
        if (type == null || description == null || description.isBlank()) {
            throw new IllegalArgumentException(key + ": a setting needs a type and a description");
        }
        envAliases = List.copyOf(envAliases);
        retiredEnv = List.copyOf(retiredEnv);
    }

    /** A setting without default, optional, public. */
    public static <T> Setting<T> of(String key, SettingType<T> type, String description) {
        return new Setting<>(key, type, null, null, description, false, false, false, List.of(), List.of());
    }

    public Setting<T> defaultsTo(String text) {
        return new Setting<>(
                key, type, text, defaultNote, description, secret, devKit, required, envAliases, retiredEnv);
    }

    /** Says how the default is computed when no text can say it. */
    public Setting<T> defaultNote(String note) {
        return new Setting<>(
                key, type, defaultText, note, description, secret, devKit, required, envAliases, retiredEnv);
    }

    public Setting<T> asSecret() {
        return new Setting<>(
                key, type, defaultText, defaultNote, description, true, devKit, required, envAliases, retiredEnv);
    }

    public Setting<T> devKitOnly() {
        return new Setting<>(
                key, type, defaultText, defaultNote, description, secret, true, required, envAliases, retiredEnv);
    }

    public Setting<T> asRequired() {
        return new Setting<>(
                key, type, defaultText, defaultNote, description, secret, devKit, true, envAliases, retiredEnv);
    }

    public Setting<T> alsoFromEnv(String... names) {
        List<String> all = new ArrayList<>(envAliases);
        all.addAll(List.of(names));
        return new Setting<>(
                key, type, defaultText, defaultNote, description, secret, devKit, required, all, retiredEnv);
    }

    public Setting<T> replacing(String... retiredNames) {
        List<String> all = new ArrayList<>(retiredEnv);
        all.addAll(List.of(retiredNames));
        return new Setting<>(
                key, type, defaultText, defaultNote, description, secret, devKit, required, envAliases, all);
    }

    /** {@code KUBETRON_NODE_NAME} for {@code node-name}; none for a dev-kit setting. */
    public Optional<String> env() {
        return devKit ? Optional.empty() : Optional.of(Keys.env(key));
    }

    /** {@code --node-name}; none for secrets and dev-kit settings. */
    public Optional<String> flag() {
        return secret || devKit ? Optional.empty() : Optional.of(Keys.flag(key));
    }

    /** The default as {@code --help} and the docs show it. */
    public String defaultForHumans() {
        if (defaultText != null) {
            return defaultText.isEmpty() ? "(empty)" : defaultText;
        }
        if (defaultNote != null) {
            return defaultNote;
        }
        return required ? "required" : "none";
    }
}
