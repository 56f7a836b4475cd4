package io.kubetron.cli.settings;

import io.kubetron.common.settings.Setting;
import io.kubetron.common.settings.SettingType.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The settings' flags, made from their definitions so that {@code --help} cannot drift from them: one option per
 * setting with a flag (its description, default and environment variable), grouped under headings; the footer names
 * the settings without a flag (secrets) and the precedence.
 */
final class SettingsFlags {
    private SettingsFlags() {}

    /** Adds the flags of {@code sections} to {@code spec}: under their headings, or without when there is one. */
    public static CommandSpec install(CommandSpec spec, List<Section> sections) {
        for (Section section : sections) {
            List<OptionSpec> options = section.settings().stream()
                    .filter(s -> s.flag().isPresent())
                    .map(SettingsFlags::option)
                    .toList();
            if (sections.size() == 1) {
                options.forEach(spec::addOption);
            } else {
                ArgGroupSpec.Builder g = ArgGroupSpec.builder()
                        .heading("%n" + section.heading() + " settings:%n")
                        .exclusive(false)
                        .multiplicity("0..1");
                options.forEach(g::addArg);
                spec.addArgGroup(g.build());
            }
        }
        spec.usageMessage().footer(footer(Section.all(sections)));
        return spec;
    }

    static OptionSpec option(Setting<?> s) {
        String flag = s.flag().orElseThrow();
        OptionSpec.Builder b = OptionSpec.builder(flag)
                .paramLabel(s.type().label())
                .description(escape(s.description() + " Default: " + s.defaultForHumans() + ". Env: "
                        + s.env().orElseThrow() + aliases(s) + "."));
        Shape shape = s.type().shape();
        switch (shape) {
            case SWITCH -> b.type(Boolean.class).arity("0..1").negatable(true).fallbackValue("true");
            // picocli writes the list's form itself: NAMESPACE[,NAMESPACE...]
            case LIST ->
                b.type(List.class)
                        .auxiliaryTypes(String.class)
                        .splitRegex(",")
                        .paramLabel(s.type().label().replaceFirst("\\[.*", ""));
            case VALUE -> b.type(String.class);
        }
        return b.build();
    }

    private static String aliases(Setting<?> s) {
        return s.envAliases().isEmpty() ? "" : ", else " + String.join(", ", s.envAliases());
    }

    /** The texts of the flags given on the command line, by key. */
    public static Map<String, String> given(CommandSpec spec, List<Setting<?>> settings) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Setting<?> s : settings) {
            if (s.flag().isEmpty()) {
                continue;
            }
            OptionSpec o = spec.findOption(s.flag().get());
            Object v = o == null ? null : o.getValue();
            if (v instanceof List<?> l) {
                out.put(
                        s.key(),
                        String.join(",", l.stream().map(Object::toString).toList()));
            } else if (v != null) {
                out.put(s.key(), v.toString());
            }
        }
        return out;
    }

    static String[] footer(List<Setting<?>> settings) {
        List<String> lines = new ArrayList<>();
        lines.add("%nSettings: a flag wins over its environment variable (KUBETRON_ and the flag's name in capitals, "
                + "- as _; --os-* are the OpenStack tools' OS_*), which wins over the --config file (flat YAML, keys "
                + "= the flags' names without --), which wins over the default. Durations: 500ms, 30s, 5m, 1h, "
                + "1m30s. See docs/configuration.md.");
        List<String> envOnly = settings.stream()
                .filter(s -> s.flag().isEmpty() && s.env().isPresent())
                .map(s -> s.env().get())
                .toList();
        if (!envOnly.isEmpty()) {
            lines.add("Secrets, from the environment or the --config file only (no flag, never logged): "
                    + String.join(", ", envOnly) + ".");
        }
        return lines.stream().map(SettingsFlags::escapeButNewlines).toArray(String[]::new);
    }

    /** picocli formats descriptions: a literal % must be doubled. */
    private static String escape(String text) {
        return text.replace("%", "%%");
    }

    private static String escapeButNewlines(String text) {
        return escape(text).replace("%%n", "%n");
    }
}
