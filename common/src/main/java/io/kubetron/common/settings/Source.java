package io.kubetron.common.settings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where settings' texts come from. {@link Settings#resolve} asks the sources in order and takes the first that has a
 * setting; a blank text counts as not set (an optional ConfigMap key, {@code --flag=}).
 */
public interface Source {
    /** For error messages: {@code environment}, {@code file /etc/kubetron/node-agent.yaml}. */
    String name();

    /** For the start-up log line: {@code flag}, {@code env}, {@code file}... */
    String label();

    /** The setting's text and how it was spelled here ({@code KUBETRON_MTU}, {@code --mtu}, {@code mtu}). */
    Optional<Found> find(Setting<?> setting);

    /** What is wrong with the source itself, given every setting there is: unknown keys, retired names. */
    default List<String> problems(List<Setting<?>> known) {
        return List.of();
    }

    /** @param spelledAs the setting's name in this source */
    record Found(String text, String spelledAs) {}

    /** Flags by key ({@code node-name → text}); never secrets or dev-kit settings (they have no flag). */
    static Source flags(Map<String, String> byKey) {
        return new KeyedSource("command line", "flag", byKey, false, false) {
            @Override
            String spell(String key) {
                return Keys.flag(key);
            }
        };
    }

    /**
     * Environment variables ({@code KUBETRON_NODE_NAME}, then its aliases). Unknown variables are nobody's business
     * (a Pod's environment holds many), but a retired name of a setting is refused with its new name.
     */
    static Source environment(Map<String, String> env) {
        return environment("environment", "env", env);
    }

    /** Variables in the environment's style that come from elsewhere (a {@code clouds.yaml} entry). */
    static Source environment(String name, String label, Map<String, String> env) {
        return new EnvironmentSource(name, label, Map.copyOf(env));
    }

    /** A settings file's flat mapping by key; unknown keys (and dev-kit ones) are refused. */
    static Source file(Path file, Map<String, String> byKey) {
        return new KeyedSource("file " + file, "file", byKey, true, false);
    }

    /**
     * Settings given by code (the dev kit: the demo, the emulation, tests), by key, dev-kit settings included;
     * unknown keys are refused.
     */
    static Source given(Map<String, String> byKey) {
        return new KeyedSource("given", "given", byKey, true, true);
    }

    /**
     * A source that needs the other settings first (a {@code clouds.yaml} found through {@code os-cloud}), asked
     * after every other source. {@code make} sees the settings resolved without it.
     */
    static Source derived(Function<Settings, Optional<Source>> make) {
        return new Derived(make);
    }

    /** See {@link #derived}. */
    record Derived(Function<Settings, Optional<Source>> make) implements Source {
        @Override
        public String name() {
            return "derived";
        }

        @Override
        public String label() {
            return "derived";
        }

        @Override
        public Optional<Found> find(Setting<?> setting) {
            return Optional.empty();
        }
    }

    /** Texts by key. */
    class KeyedSource implements Source {
        private final String name;
        private final String label;
        private final Map<String, String> byKey;
        private final boolean strict;
        private final boolean devKit;

        KeyedSource(String name, String label, Map<String, String> byKey, boolean strict, boolean devKit) {
            this.name = name;
            this.label = label;
            this.byKey = Map.copyOf(byKey);
            this.strict = strict;
            this.devKit = devKit;
        }

        String spell(String key) {
            return key;
        }

        private boolean reads(Setting<?> s) {
            return devKit || (!s.devKit() && (strict || !s.secret()));
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String label() {
            return label;
        }

        @Override
        public Optional<Found> find(Setting<?> s) {
            String v = reads(s) ? byKey.get(s.key()) : null;
            return v == null || v.isBlank() ? Optional.empty() : Optional.of(new Found(v, spell(s.key())));
        }

        @Override
        public List<String> problems(List<Setting<?>> known) {
            if (!strict) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            List<String> keys =
                    known.stream().filter(this::reads).map(Setting::key).toList();
            for (String k : byKey.keySet()) {
                if (!keys.contains(k)) {
                    out.add("unknown setting '" + k + "' in " + name + " (known: " + String.join(", ", keys) + ")");
                }
            }
            return out;
        }
    }

    /** Texts by environment variable. */
    record EnvironmentSource(String name, String label, Map<String, String> env) implements Source {
        @Override
        public Optional<Found> find(Setting<?> s) {
            if (s.devKit()) {
                return Optional.empty();
            }
            List<String> names = new ArrayList<>();
            names.add(Keys.env(s.key()));
            names.addAll(s.envAliases());
            for (String n : names) {
                String v = env.get(n);
                if (v != null && !v.isBlank()) {
                    return Optional.of(new Found(v, n));
                }
            }
            return Optional.empty();
        }

        @Override
        public List<String> problems(List<Setting<?>> known) {
            List<String> out = new ArrayList<>();
            for (Setting<?> s : known) {
                for (String old : s.retiredEnv()) {
                    if (env.containsKey(old)) {
                        out.add(old + " (" + name + ") is no longer read: it is " + Keys.env(s.key()) + " now, a "
                                + s.type().label().toLowerCase(java.util.Locale.ROOT) + " such as "
                                + (s.defaultText() != null ? s.defaultText() : "the docs show"));
                    }
                }
            }
            return out;
        }
    }
}
