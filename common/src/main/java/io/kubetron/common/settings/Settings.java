package io.kubetron.common.settings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A component's settings, resolved once from its sources and validated: flags before the environment before the
 * {@code --config} file before the defaults ({@link #resolve}). Immutable and thread-safe; typed records read their
 * values from it ({@code NodeAgentSettings.from(settings)}).
 */
public final class Settings {
    static final String MASK = "***";

    private final List<Setting<?>> definitions;
    private final Map<String, Entry> entries;

    /** One resolved value; {@code source} is null for the default. */
    private record Entry(Setting<?> setting, Object value, Source source, String spelledAs) {}

    private Settings(List<Setting<?>> definitions, Map<String, Entry> entries) {
        this.definitions = List.copyOf(definitions);
        this.entries = entries;
    }

    /**
     * Resolves every one of {@code definitions} from {@code sources}, highest precedence first (then the defaults).
     *
     * @param what whose settings, for the error message ({@code node agent})
     * @throws SettingsException naming every unknown, missing or invalid setting with its source
     */
    public static Settings resolve(String what, List<Setting<?>> definitions, List<Source> sources) {
        checkUnique(definitions);
        List<Source> plain =
                sources.stream().filter(s -> !(s instanceof Source.Derived)).toList();
        Settings first = once(what, definitions, plain);
        if (plain.size() == sources.size()) {
            return first;
        }
        List<Source> all = new ArrayList<>(plain);
        for (Source s : sources) {
            if (s instanceof Source.Derived d) {
                d.make().apply(first).ifPresent(all::add);
            }
        }
        return once(what, definitions, all);
    }

    private static Settings once(String what, List<Setting<?>> definitions, List<Source> sources) {
        List<String> problems = new ArrayList<>();
        for (Source s : sources) {
            problems.addAll(s.problems(definitions));
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Setting<?> d : definitions) {
            Source from = null;
            Source.Found found = null;
            for (Source s : sources) {
                Optional<Source.Found> f = s.find(d);
                if (f.isPresent()) {
                    from = s;
                    found = f.get();
                    break;
                }
            }
            String text = found != null ? found.text() : d.defaultText();
            if (text == null || (found == null && text.isEmpty())) {
                if (d.required()) {
                    problems.add(d.key() + " is required" + ways(d));
                }
                continue;
            }
            String where = found == null ? "the default of " + d.key() : found.spelledAs() + " (" + from.name() + ")";
            try {
                Object v = d.type().parse(text.strip());
                entries.put(d.key(), new Entry(d, v, from, found == null ? null : found.spelledAs()));
            } catch (IllegalArgumentException e) {
                problems.add(
                        where + ": " + (d.secret() ? "not valid (the value is a secret, not shown)" : e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw new SettingsException(what, problems);
        }
        return new Settings(definitions, entries);
    }

    private static String ways(Setting<?> d) {
        if (d.devKit()) {
            return "";
        }
        List<String> w = new ArrayList<>();
        d.flag().ifPresent(w::add);
        d.env().ifPresent(w::add);
        w.add(d.key() + " in the settings file");
        return ": set " + SettingType.either(w);
    }

    private static void checkUnique(List<Setting<?>> definitions) {
        Map<String, Long> counts =
                definitions.stream().collect(Collectors.groupingBy(Setting::key, Collectors.counting()));
        counts.forEach((k, n) -> {
            if (n > 1) {
                throw new IllegalArgumentException("setting " + k + " is defined " + n + " times");
            }
        });
    }

    /** The value, or null when it is not set and has no default. */
    public <T> T get(Setting<T> s) {
        return find(s).orElse(null);
    }

    @SuppressWarnings("unchecked")
    public <T> Optional<T> find(Setting<T> s) {
        known(s);
        Entry e = entries.get(s.key());
        return e == null ? Optional.empty() : Optional.of((T) e.value());
    }

    /** Whether the value came from a source rather than the default. */
    public boolean isGiven(Setting<?> s) {
        known(s);
        Entry e = entries.get(s.key());
        return e != null && e.source() != null;
    }

    /** Where the value came from, for error messages of checks across settings: {@code KUBETRON_OVN_NB (environment)}. */
    public String origin(Setting<?> s) {
        known(s);
        Entry e = entries.get(s.key());
        if (e == null) {
            return s.key() + " (not set)";
        }
        return e.source() == null
                ? s.key() + " (default)"
                : e.spelledAs() + " (" + e.source().name() + ")";
    }

    public List<Setting<?>> definitions() {
        return definitions;
    }

    /**
     * Every value that is set, in definition order, with its source, secrets masked:
     * {@code node-name=worker-1 (env), concurrency=4 (default), os-password=*** (file)}. Logged once at start.
     */
    public String summary() {
        return entries.values().stream().map(Settings::describe).collect(Collectors.joining(", "));
    }

    @SuppressWarnings("unchecked")
    private static <T> String describe(Entry e) {
        Setting<T> s = (Setting<T>) e.setting();
        String v = s.secret() ? MASK : s.type().print((T) e.value());
        return s.key() + "=" + v + " ("
                + (e.source() == null ? "default" : e.source().label()) + ")";
    }

    private void known(Setting<?> s) {
        if (definitions.stream().noneMatch(d -> d.key().equals(s.key()))) {
            throw new IllegalArgumentException("setting " + s.key() + " is not one of these settings");
        }
    }

    @Override
    public String toString() {
        return summary();
    }
}
